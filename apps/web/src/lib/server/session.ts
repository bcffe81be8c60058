import type { Cookies } from '@sveltejs/kit';
import type { ControlPlane } from './api.ts';
import { config } from './config.ts';

/** Name of the dashboard's session cookie (holds the control plane's session token). */
export const sessionCookieName = 'vantage_session';

/** Stores the session the control plane just issued (login, register, accept invitation). */
export function keepIssuedSession(cookies: Cookies, api: ControlPlane): void {
  const session = api.issuedSession;
  if (!session) return;
  cookies.set(sessionCookieName, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    expires: session.expires,
  });
}

/** Forgets the session cookie (logout, or a session the control plane no longer knows). */
export function dropSession(cookies: Cookies): void {
  cookies.delete(sessionCookieName, { path: '/', secure: config.secureCookies });
}
