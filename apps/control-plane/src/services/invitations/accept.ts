import { invitationEndpoints } from '@vantage/api-contract';
import {
  findInvitationByTokenForUpdate,
  insertMembership,
  listMemberships,
  markInvitationAccepted,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { toOrganizationDto } from '../../http/dto.ts';
import { handler, requireUser } from '../../http/handler.ts';
import { hashSecret } from '../../security/secrets.ts';
import { recordAudit } from '../audit.ts';

const unusable = () =>
  new ServiceError('bad_request', 'This invitation link is invalid, expired, revoked or already used', [
    { path: 'body.token', message: 'Invalid, expired, revoked or already used' },
  ]);

/** The signed-in user joins the organization they were invited to; the invitation must name their email. */
export const acceptInvitation = handler(invitationEndpoints.accept, async (request) => {
  const user = requireUser(request);
  const membership = await request.app.db.transaction(async (tx) => {
    const invitation = await findInvitationByTokenForUpdate(tx, hashSecret(request.body.token));
    if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw unusable();
    if (invitation.expiresAt.getTime() <= Date.now()) throw unusable();
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new ServiceError(
        'forbidden',
        `This invitation is for another email address; sign in as that user`,
      );
    }
    if (!(await insertMembership(tx, invitation.orgId, user.id, invitation.role))) {
      throw new ServiceError('conflict', 'You are already a member of this organization');
    }
    await markInvitationAccepted(tx, invitation.id);
    await recordAudit(tx, request.actor, invitation.orgId, {
      action: 'invitation.accept',
      targetType: 'member',
      targetId: user.id,
      diff: { invitationId: invitation.id, email: user.email, role: invitation.role },
    });
    const memberships = await listMemberships(tx, user.id);
    return memberships.find((entry) => entry.organization.id === invitation.orgId)!;
  });
  return { organization: toOrganizationDto(membership.organization), role: membership.role };
});
