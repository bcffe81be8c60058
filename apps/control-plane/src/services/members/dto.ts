import type { MemberRecord } from '@vantage/db';

/** Member record → API shape. */
export function toMemberDto(member: MemberRecord) {
  return {
    userId: member.userId,
    email: member.email,
    name: member.name,
    role: member.role,
    joinedAt: member.joinedAt.toISOString(),
  };
}
