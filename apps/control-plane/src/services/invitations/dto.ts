import type { InvitationRecord } from '@vantage/db';

/** Invitation record → API shape (no token, no internal ids). */
export function toInvitationDto(invitation: InvitationRecord) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}
