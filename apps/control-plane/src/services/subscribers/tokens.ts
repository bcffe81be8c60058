import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What a subscription link does. */
export type SubscriptionTokenPurpose = 'confirm' | 'unsubscribe';

/** How long a confirmation link works; unsubscribe links never expire (old emails must keep working). */
export const confirmTokenTtlMs = 7 * 24 * 3_600_000;

const purposeCode: Record<SubscriptionTokenPurpose, string> = { confirm: 'c', unsubscribe: 'u' };

// A key of its own, derived from the app key, so these MACs never share a key with sealed secrets.
function tokenKey(appKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', appKey, 'vantage', 'status-page-subscription-token', 32));
}

function mac(appKey: Buffer, payload: string): Buffer {
  return createHmac('sha256', tokenKey(appKey)).update(payload).digest();
}

/** A signed link token: `<c|u>.<subscriber id>.<issued, unix seconds>.<HMAC-SHA256>` (base64url). */
export function issueSubscriptionToken(
  appKey: Buffer,
  purpose: SubscriptionTokenPurpose,
  subscriberId: string,
  issuedAt: Date,
): string {
  const payload = `${purposeCode[purpose]}.${subscriberId}.${Math.floor(issuedAt.getTime() / 1000)}`;
  return `${payload}.${mac(appKey, payload).toString('base64url')}`;
}

/** A verified token's content; null when the signature, the purpose or (for confirm links) the age is wrong. */
export function verifySubscriptionToken(
  appKey: Buffer,
  purpose: SubscriptionTokenPurpose,
  token: string,
  now: Date,
): { subscriberId: string; issuedAt: Date } | null {
  const [code, id, issued, signature, ...rest] = token.split('.');
  if (code !== purposeCode[purpose] || !id || !issued || !signature || rest.length > 0) return null;
  if (!/^[0-9a-f-]{36}$/.test(id) || !/^\d{1,12}$/.test(issued)) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(appKey, `${code}.${id}.${issued}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const issuedAt = new Date(Number(issued) * 1000);
  if (purpose === 'confirm' && now.getTime() - issuedAt.getTime() > confirmTokenTtlMs) return null;
  return { subscriberId: id, issuedAt };
}
