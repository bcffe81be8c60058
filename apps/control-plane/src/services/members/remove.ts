import { memberEndpoints } from '@vantage/api-contract';
import { findMember, lockMemberships } from '@vantage/db';
import { canManageMember, ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { removeMember as removeMemberRecord } from './departure.ts';

/** Removes a member; removing yourself is leaving. The last owner stays. */
export const removeMember = handler(memberEndpoints.remove, async (request) => {
  const { organization, role: callerRole } = requireOrg(request);
  const { actor } = request;
  const self = actor?.kind === 'user' && actor.user.id === request.params.userId;
  await request.app.db.transaction(async (tx) => {
    await lockMemberships(tx, organization.id);
    const member = await findMember(tx, organization.id, request.params.userId);
    if (!member) throw new ServiceError('not_found', 'Member not found');
    if (!self && !canManageMember(callerRole, member.role)) {
      throw new ServiceError(
        'forbidden',
        `The ${callerRole} role cannot remove a member whose role is ${member.role}`,
      );
    }
    await removeMemberRecord(tx, actor, member);
  });
  return undefined;
});
