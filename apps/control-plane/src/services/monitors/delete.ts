import { monitorEndpoints } from '@vantage/api-contract';
import { deleteMonitor as deleteMonitorRow } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { publishMonitorChanges, removalOf } from './publish.ts';

/** Deletes a monitor; probes in its regions are told to stop. */
export const deleteMonitor = handler(monitorEndpoints.remove, async (request) => {
  const { app, params } = request;
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  const deleted = await app.db.transaction(async (tx) => {
    const monitor = await deleteMonitorRow(tx, orgId, params.id);
    if (!monitor) throw new ServiceError('not_found', 'Monitor not found');
    await recordAudit(tx, actor, orgId, {
      action: 'monitor.delete',
      targetType: 'monitor',
      targetId: monitor.id,
      diff: diffOf(monitor.spec, {}),
    });
    return monitor;
  });
  await publishMonitorChanges(app, removalOf(deleted));
  return undefined;
});
