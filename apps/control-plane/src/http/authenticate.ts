import { findLiveApiKey, findLiveSessionUser, touchApiKey, touchSession } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import type { Context } from 'koa';
import type { AppContext } from '../context.ts';
import { hashSecret } from '../security/secrets.ts';
import type { Actor } from './handler.ts';
import { sessionCookieName } from './session-cookie.ts';

// Last-used times are kept to the minute: no write on every request.
const touchEveryMs = 60_000;

/** How the caller proved who they are. */
export type Credential = 'cookie' | 'bearer' | null;

/** Resolves the caller from `Authorization: Bearer vk_…` or the session cookie; null when neither is sent. */
export async function authenticate(
  app: AppContext,
  http: Context,
): Promise<{ actor: Actor | null; credential: Credential }> {
  const authorization = http.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(vk_[A-Za-z0-9_-]{20,100})$/.exec(authorization);
    if (!match) throw new ServiceError('unauthenticated', 'Authorization must be "Bearer <API key>"');
    const key = await findLiveApiKey(app.db, hashSecret(match[1]!));
    if (!key) throw new ServiceError('unauthenticated', 'API key is unknown or revoked');
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > touchEveryMs)
      await touchApiKey(app.db, key.id);
    return {
      actor: { kind: 'api_key', apiKeyId: key.id, name: key.name, orgId: key.orgId, role: key.role },
      credential: 'bearer',
    };
  }
  const token = http.cookies.get(sessionCookieName);
  if (!token) return { actor: null, credential: null };
  const session = await findLiveSessionUser(app.db, hashSecret(token));
  if (!session) return { actor: null, credential: 'cookie' };
  if (Date.now() - session.lastSeenAt.getTime() > touchEveryMs) await touchSession(app.db, session.sessionId);
  return { actor: { kind: 'user', user: session.user, sessionId: session.sessionId }, credential: 'cookie' };
}
