import { alertChannelEndpoints } from '@vantage/api-contract';
import { deleteAlertChannel } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';

/** Deletes a channel and its delivery history. */
export const deleteAlertChannelHandler = handler(alertChannelEndpoints.remove, async (request) => {
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  await request.app.db.transaction(async (tx) => {
    const deleted = await deleteAlertChannel(tx, orgId, request.params.id);
    if (!deleted) throw new ServiceError('not_found', 'Alert channel not found');
    await recordAudit(tx, actor, orgId, {
      action: 'alert_channel.delete',
      targetType: 'alert_channel',
      targetId: deleted.id,
      diff: { name: deleted.name, type: deleted.type },
    });
  });
  return undefined;
});
