import { memberEndpoints } from '@vantage/api-contract';
import { findMember, lockMemberships, setMemberRole } from '@vantage/db';
import { canGrantRole, canManageMember, ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { assertOwnerRemains } from './departure.ts';
import { toMemberDto } from './dto.ts';

/** Changes a member's role: never above the caller's own, never a member above the caller, never the last owner. */
export const updateMember = handler(memberEndpoints.update, async (request) => {
  const { organization, role: callerRole } = requireOrg(request);
  const { userId } = request.params;
  const { role } = request.body;
  const member = await request.app.db.transaction(async (tx) => {
    await lockMemberships(tx, organization.id);
    const member = await findMember(tx, organization.id, userId);
    if (!member) throw new ServiceError('not_found', 'Member not found');
    if (!canManageMember(callerRole, member.role)) {
      throw new ServiceError(
        'forbidden',
        `The ${callerRole} role cannot change a member whose role is ${member.role}`,
      );
    }
    if (!canGrantRole(callerRole, role)) {
      throw new ServiceError('forbidden', `The ${callerRole} role cannot grant the ${role} role`);
    }
    if (member.role === role) return member;
    await assertOwnerRemains(tx, member, role);
    const updated = await setMemberRole(tx, organization.id, userId, role);
    if (!updated) throw new ServiceError('not_found', 'Member not found');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'member.update',
      targetType: 'member',
      targetId: userId,
      diff: diffOf({ role: member.role }, { role }),
    });
    return updated;
  });
  return toMemberDto(member);
});
