import { insertSession } from '@vantage/db';
import type { Context } from 'koa';
import type { AppContext } from '../../context.ts';
import { clientAddress } from '../../http/client-address.ts';
import { setSessionCookie } from '../../http/session-cookie.ts';
import { hashSecret, newSecret } from '../../security/secrets.ts';

/** Opens a session for the user and sets its cookie. */
export async function startSession(app: AppContext, http: Context, userId: string): Promise<void> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + app.config.sessionTtlHours * 3_600_000);
  await insertSession(app.db, {
    userId,
    tokenHash: hashSecret(token),
    expiresAt,
    userAgent: http.get('user-agent'),
    ip: clientAddress(app, http),
  });
  setSessionCookie(app, http, token, expiresAt);
}
