import { authEndpoints } from '@vantage/api-contract';
import { consumeEmailToken, findUserByEmail, revokeUserSessions, setPasswordHash } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireActor, requireUser } from '../../http/handler.ts';
import { hashPassword, hashSecret, verifyPassword } from '../../security/secrets.ts';
import { createEmailLink } from './email-links.ts';

/** Changes the password after checking the current one; every other session is revoked. */
export const changePassword = handler(authEndpoints.changePassword, async (request) => {
  const { app, body } = request;
  const user = requireUser(request);
  if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
    throw new ServiceError('validation', 'Current password is wrong', [
      { path: 'body.currentPassword', message: 'Wrong password' },
    ]);
  }
  const passwordHash = await hashPassword(body.newPassword);
  const actor = requireActor(request);
  await app.db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash);
    await revokeUserSessions(tx, user.id, actor.kind === 'user' ? actor.sessionId : null);
  });
  return undefined;
});

/** Emails a reset link when the address has an account; the answer is the same either way. */
export const requestPasswordReset = handler(authEndpoints.requestPasswordReset, async ({ app, body }) => {
  const user = await findUserByEmail(app.db, body.email);
  if (!user) return undefined;
  const link = await createEmailLink(app, app.db, user.id, 'reset_password');
  await app.mailer.send({
    to: user.email,
    subject: 'Reset your Vantage password',
    text: `Someone asked to reset the password of this Vantage account.\n\nOpen this link within an hour to choose a new one:\n\n${link}\n\nIf it was not you, ignore this email.\n`,
  });
  return undefined;
});

/** Sets a new password with an emailed token (once); every session is revoked. */
export const confirmPasswordReset = handler(authEndpoints.confirmPasswordReset, async ({ app, body }) => {
  const passwordHash = await hashPassword(body.newPassword);
  await app.db.transaction(async (tx) => {
    const userId = await consumeEmailToken(tx, 'reset_password', hashSecret(body.token));
    if (!userId) {
      throw new ServiceError('validation', 'This reset link is invalid, used or expired', [
        { path: 'body.token', message: 'Invalid or expired' },
      ]);
    }
    await setPasswordHash(tx, userId, passwordHash);
    await revokeUserSessions(tx, userId, null);
  });
  return undefined;
});
