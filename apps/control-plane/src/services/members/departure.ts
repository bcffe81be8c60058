import { countOwners, deleteMembership, type MemberRecord, type Queryable } from '@vantage/db';
import { type Role, ServiceError } from '@vantage/domain';
import type { Actor } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';

/** Refuses a change that would leave the organization without an owner (memberships must be locked). */
export async function assertOwnerRemains(db: Queryable, member: MemberRecord, newRole: Role | null) {
  if (member.role !== 'owner' || newRole === 'owner') return;
  if ((await countOwners(db, member.orgId)) > 1) return;
  throw new ServiceError(
    'conflict',
    newRole
      ? 'The last owner cannot be demoted; make another member owner first'
      : 'The last owner cannot leave or be removed; transfer ownership or delete the organization',
    { reason: 'last_owner' },
  );
}

/** Removes a member (leaving when it is the caller) and records it; call with memberships locked. */
export async function removeMember(db: Queryable, actor: Actor | null, member: MemberRecord): Promise<void> {
  await assertOwnerRemains(db, member, null);
  await deleteMembership(db, member.orgId, member.userId);
  const leaving = actor?.kind === 'user' && actor.user.id === member.userId;
  await recordAudit(db, actor, member.orgId, {
    action: leaving ? 'member.leave' : 'member.remove',
    targetType: 'member',
    targetId: member.userId,
    diff: { email: member.email, role: member.role },
  });
}
