import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long a status page access token (the visitor's cookie) stays valid. */
export const accessTokenTtlMs = 7 * 24 * 3_600_000;

/** The page a token is for: its id and current password hash (a new password voids old tokens). */
interface TokenScope {
  id: string;
  passwordHash: string | null;
}

// A key of its own, derived from the app key, so these MACs never share a key with sealed secrets.
function tokenKey(appKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', appKey, 'vantage', 'status-page-access-token', 32));
}

function mac(appKey: Buffer, page: TokenScope, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', tokenKey(appKey))
    .update(`${page.id}.${expiresAtSeconds}.${page.passwordHash ?? ''}`)
    .digest();
}

/** A signed access token for a page: `<page id>.<expiry, unix seconds>.<HMAC-SHA256>` (base64url). */
export function issueAccessToken(
  appKey: Buffer,
  page: TokenScope,
  now: Date,
): { token: string; expiresAt: Date } {
  const expiresAtSeconds = Math.floor((now.getTime() + accessTokenTtlMs) / 1000);
  const signature = mac(appKey, page, expiresAtSeconds).toString('base64url');
  return {
    token: `${page.id}.${expiresAtSeconds}.${signature}`,
    expiresAt: new Date(expiresAtSeconds * 1000),
  };
}

/** Whether a token was issued for this page under its current password and has not expired. */
export function verifyAccessToken(
  appKey: Buffer,
  page: TokenScope,
  token: string | undefined,
  now: Date,
): boolean {
  const [id, expiry, signature, ...rest] = (token ?? '').split('.');
  if (!id || !expiry || !signature || rest.length > 0 || id !== page.id || !/^\d{1,12}$/.test(expiry))
    return false;
  const expiresAtSeconds = Number(expiry);
  if (expiresAtSeconds * 1000 <= now.getTime()) return false;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(appKey, page, expiresAtSeconds);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
