import { invitationEndpoints } from '@vantage/api-contract';
import {
  countMembers,
  countPendingInvitations,
  insertInvitation,
  isMemberEmail,
  revokeInvitationsForEmail,
} from '@vantage/db';
import { canGrantRole, checkMemberLimit, limitExceededError, plans, ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { hashSecret, newSecret } from '../../security/secrets.ts';
import { recordAudit } from '../audit.ts';
import { toInvitationDto } from './dto.ts';
import { sendInvitationEmail } from './email.ts';

const lifetimeMs = 7 * 24 * 3_600_000;

/** Invites an email address with a role; pending invitations count against the plan's member limit. */
export const createInvitation = handler(invitationEndpoints.create, async (request) => {
  const { organization, role: callerRole } = requireOrg(request);
  const { email, role } = request.body;
  const { actor } = request;
  if (!canGrantRole(callerRole, role)) {
    throw new ServiceError('forbidden', `The ${callerRole} role cannot invite with the ${role} role`);
  }
  const token = newSecret();
  const invitation = await request.app.db.transaction(async (tx) => {
    if (await isMemberEmail(tx, organization.id, email)) {
      throw new ServiceError('conflict', 'This person is already a member', [
        { path: 'body.email', message: 'Already a member' },
      ]);
    }
    // A new invitation replaces a pending one to the same address, so it does not count twice.
    await revokeInvitationsForEmail(tx, organization.id, email);
    const seats =
      (await countMembers(tx, organization.id)) + (await countPendingInvitations(tx, organization.id));
    const violation = checkMemberLimit(plans[organization.plan], seats);
    if (violation) throw limitExceededError(violation);
    const invitation = await insertInvitation(tx, {
      orgId: organization.id,
      email,
      role,
      tokenHash: hashSecret(token),
      invitedBy: actor?.kind === 'user' ? actor.user.id : null,
      expiresAt: new Date(Date.now() + lifetimeMs),
    });
    await recordAudit(tx, actor, organization.id, {
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: invitation.id,
      diff: { email, role },
    });
    return invitation;
  });
  await sendInvitationEmail(request.app, { organization, invitation, token, actor });
  return toInvitationDto(invitation);
});
