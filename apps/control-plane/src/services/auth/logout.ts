import { authEndpoints } from '@vantage/api-contract';
import { revokeSession } from '@vantage/db';
import { handler, requireActor } from '../../http/handler.ts';
import { clearSessionCookie } from '../../http/session-cookie.ts';

/** Revokes the current session and clears its cookie. */
export const logout = handler(authEndpoints.logout, async (request) => {
  const actor = requireActor(request);
  if (actor.kind === 'user') await revokeSession(request.app.db, actor.sessionId);
  clearSessionCookie(request.app, request.http);
  return undefined;
});
