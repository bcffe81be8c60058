import type { InvitationRecord, OrganizationRecord } from '@vantage/db';
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../http/handler.ts';

/** Emails the invitation link; a mail failure is logged (the invitation can be sent again). */
export async function sendInvitationEmail(
  app: AppContext,
  input: {
    organization: OrganizationRecord;
    invitation: InvitationRecord;
    token: string;
    actor: Actor | null;
  },
): Promise<void> {
  const { organization, invitation, token, actor } = input;
  const url = new URL('/invitations/accept', app.config.webUrl);
  url.searchParams.set('token', token);
  const inviter = actor?.kind === 'user' ? actor.user.name || actor.user.email : 'A member';
  try {
    await app.mailer.send({
      to: invitation.email,
      subject: `You are invited to join ${organization.name} on Vantage`,
      text:
        `${inviter} invited you to join ${organization.name} on Vantage as ${invitation.role}.\n\n` +
        `Accept within 7 days by opening this link (sign in or register with this email address first):\n\n` +
        `${url.toString()}\n`,
    });
  } catch (error) {
    app.logger.warn({ err: error, invitationId: invitation.id }, 'invitation email not sent');
  }
}
