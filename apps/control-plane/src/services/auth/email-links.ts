import { type EmailTokenKind, insertEmailToken, type Queryable } from '@vantage/db';
import type { AppContext } from '../../context.ts';
import { hashSecret, newSecret } from '../../security/secrets.ts';

const lifetimeHours: Record<EmailTokenKind, number> = { verify_email: 48, reset_password: 1 };
const pagePath: Record<EmailTokenKind, string> = {
  verify_email: '/verify-email',
  reset_password: '/reset-password',
};

/** Creates a single-use token and returns the web link that carries it. */
export async function createEmailLink(
  app: AppContext,
  db: Queryable,
  userId: string,
  kind: EmailTokenKind,
): Promise<string> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + lifetimeHours[kind] * 3_600_000);
  await insertEmailToken(db, { userId, kind, tokenHash: hashSecret(token), expiresAt });
  const url = new URL(pagePath[kind], app.config.webUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** Sends the verification email; a mail failure is logged, never fails the request that caused it. */
export async function sendVerificationEmail(
  app: AppContext,
  user: { id: string; email: string },
): Promise<void> {
  try {
    const link = await createEmailLink(app, app.db, user.id, 'verify_email');
    await app.mailer.send({
      to: user.email,
      subject: 'Confirm your email address for Vantage',
      text: `Confirm your email address by opening this link within 48 hours:\n\n${link}\n`,
    });
  } catch (error) {
    app.logger.warn({ err: error, userId: user.id }, 'verification email not sent');
  }
}
