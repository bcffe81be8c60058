import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkDestination } from './destination.ts';
import { openSecrets, sealSecrets } from './secrets.ts';
import { signWebhook, verifyWebhook } from './signature.ts';

describe('sealed channel secrets', () => {
  const key = randomBytes(32);
  const sealed = sealSecrets(key, 'channel-a', { routingKey: 'R0UTING' });

  it('open with the same key and channel', () => {
    expect(openSecrets(key, 'channel-a', sealed)).toEqual({ routingKey: 'R0UTING' });
  });

  it.each([
    ['another key', () => openSecrets(randomBytes(32), 'channel-a', sealed)],
    ['another channel', () => openSecrets(key, 'channel-b', sealed)],
    [
      'flipped byte',
      () => openSecrets(key, 'channel-a', Buffer.from(sealed.map((b, i) => (i === 40 ? b ^ 1 : b)))),
    ],
  ])('refuse to open with %s', (_name, open) => {
    expect(open).toThrow();
  });
});

describe('webhook signatures', () => {
  const body = '{"type":"test"}';
  const header = signWebhook('whsec_x', body, 1_800_000_000);

  it.each([
    ['the right secret and body', 'whsec_x', body, 1_800_000_010, true],
    ['another secret', 'whsec_y', body, 1_800_000_010, false],
    ['a changed body', 'whsec_x', '{"type":"tset"}', 1_800_000_010, false],
    ['an old timestamp', 'whsec_x', body, 1_800_000_400, false],
  ])('verify with %s: %s', (_name, secret, signed, nowSeconds, valid) => {
    expect(verifyWebhook(secret, signed, header, { nowSeconds })).toBe(valid);
  });
});

describe('alert destinations (SSRF rules)', () => {
  const resolvesTo = (addresses: string[]) => async () => addresses;

  it.each([
    ['a public address', 'https://hooks.example.com/x', ['93.184.215.14'], 'refuse', true],
    [
      'a private answer among public ones',
      'https://hooks.example.com/x',
      ['93.184.215.14', '10.0.0.1'],
      'refuse',
      false,
    ],
    ['a metadata literal', 'http://169.254.169.254/', [], 'refuse', false],
    ['an IPv4-mapped loopback literal', 'http://[::ffff:127.0.0.1]/', [], 'refuse', false],
    ['an unresolvable name at save time', 'https://nowhere.invalid/', [], 'allow', true],
    ['an unresolvable name at send time', 'https://nowhere.invalid/', [], 'refuse', false],
  ] as const)('%s', async (_name, url, addresses, unresolved, ok) => {
    const checked = await checkDestination(url, {
      allowPrivate: false,
      unresolved,
      resolve: resolvesTo([...addresses]),
    });
    expect(checked.ok).toBe(ok);
  });
});
