import { authEndpoints } from '@vantage/api-contract';
import { consumeEmailToken, markEmailVerified } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireUser } from '../../http/handler.ts';
import { hashSecret } from '../../security/secrets.ts';
import { sendVerificationEmail } from './email-links.ts';

/** Sends a fresh verification link to the signed-in user. */
export const sendEmailVerification = handler(authEndpoints.sendEmailVerification, async (request) => {
  const user = requireUser(request);
  if (user.emailVerifiedAt) throw new ServiceError('conflict', 'This email address is already verified');
  await sendVerificationEmail(request.app, user);
  return undefined;
});

/** Marks the address verified with an emailed token (once). */
export const verifyEmail = handler(authEndpoints.verifyEmail, async ({ app, body }) => {
  await app.db.transaction(async (tx) => {
    const userId = await consumeEmailToken(tx, 'verify_email', hashSecret(body.token));
    if (!userId) {
      throw new ServiceError('validation', 'This verification link is invalid, used or expired', [
        { path: 'body.token', message: 'Invalid or expired' },
      ]);
    }
    await markEmailVerified(tx, userId);
  });
  return undefined;
});
