import { invitationEndpoints } from '@vantage/api-contract';
import { revokeInvitation as revokeInvitationRecord } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';

/** Revokes a pending invitation: its link stops working. */
export const revokeInvitation = handler(invitationEndpoints.revoke, async (request) => {
  const { organization } = requireOrg(request);
  await request.app.db.transaction(async (tx) => {
    const invitation = await revokeInvitationRecord(tx, organization.id, request.params.id);
    if (!invitation) throw new ServiceError('not_found', 'No pending invitation with this id');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: invitation.id,
      diff: { email: invitation.email, role: invitation.role },
    });
  });
  return undefined;
});
