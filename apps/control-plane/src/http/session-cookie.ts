import type { Context } from 'koa';
import type { AppContext } from '../context.ts';

/** Name of the session cookie. */
export const sessionCookieName = 'vantage_session';

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure outside plain-http installs. */
export function setSessionCookie(app: AppContext, http: Context, token: string, expiresAt: Date): void {
  http.cookies.set(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.secureCookies,
    expires: expiresAt,
    path: '/',
    overwrite: true,
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(app: AppContext, http: Context): void {
  http.cookies.set(sessionCookieName, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.secureCookies,
    expires: new Date(0),
    path: '/',
    overwrite: true,
  });
}
