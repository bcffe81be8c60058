import { organizationEndpoints } from '@vantage/api-contract';
import { findMember, lockMemberships, setMemberRole } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg, requireUser } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';

/** Makes another member the owner; the calling owner becomes an admin. */
export const transferOwnership = handler(organizationEndpoints.transferOwnership, async (request) => {
  const { organization } = requireOrg(request);
  const caller = requireUser(request);
  const { userId } = request.body;
  if (userId === caller.id) {
    throw new ServiceError('validation', 'You already own this organization', [
      { path: 'body.userId', message: 'Pick another member' },
    ]);
  }
  await request.app.db.transaction(async (tx) => {
    await lockMemberships(tx, organization.id);
    const target = await findMember(tx, organization.id, userId);
    if (!target) throw new ServiceError('not_found', 'Member not found');
    await setMemberRole(tx, organization.id, userId, 'owner');
    await setMemberRole(tx, organization.id, caller.id, 'admin');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'organization.transfer_ownership',
      targetType: 'member',
      targetId: userId,
      diff: { role: { from: target.role, to: 'owner' }, previousOwner: { id: caller.id, role: 'admin' } },
    });
  });
  return undefined;
});
