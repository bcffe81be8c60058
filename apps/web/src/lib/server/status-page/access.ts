// The access token of a password-protected status page, kept in an HttpOnly cookie scoped to the page.
import type { Cookies } from '@sveltejs/kit';
import { config } from '../config.ts';
import type { PageAddress } from './source.ts';

/** Name of the cookie holding a protected page's access token. */
export const accessCookieName = 'vantage_status_access';

/** The path the cookie is scoped to: the page's own address (the whole host on a custom domain). */
export function accessCookiePath(address: PageAddress): string {
  return address.kind === 'slug' ? `/s/${address.slug}` : '/';
}

/** Stores the token the access endpoint issued, until it expires. */
export function keepAccessToken(
  cookies: Cookies,
  address: PageAddress,
  token: string,
  expiresAt: string,
): void {
  cookies.set(accessCookieName, token, {
    path: accessCookiePath(address),
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    expires: new Date(expiresAt),
  });
}

/** The token sent with this request, if any. */
export function accessTokenOf(cookies: Cookies): string | undefined {
  return cookies.get(accessCookieName) || undefined;
}
