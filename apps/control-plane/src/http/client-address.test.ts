import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestControlPlane } from '../test-support/control-plane.ts';

const services = await useTestServices();
const limits = { RATE_LIMIT_PASSWORD_RESET: '2/3600' };
// The default trusts loopback (the launcher's dashboard); the other trusts only an address we never use.
const trusting = await startTestControlPlane(services, limits);
const distrusting = await startTestControlPlane(services, { ...limits, TRUSTED_PROXIES: '10.9.9.9' });
afterAll(async () => {
  await trusting.stop();
  await distrusting.stop();
});

async function resets(url: string, visitor: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${url}/api/v1/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': visitor },
      body: JSON.stringify({ email: 'someone@example.com' }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe('the visitor behind the web app', () => {
  it('counts rate limits per forwarded visitor when the peer is a trusted proxy', async () => {
    expect(await resets(trusting.url, '203.0.113.1', 3)).toEqual([202, 202, 429]);
    // Another visitor coming through the same web server is not locked out by the first.
    expect(await resets(trusting.url, '203.0.113.2', 1)).toEqual([202]);
  });

  it('ignores X-Forwarded-For from peers that are not trusted proxies', async () => {
    expect(await resets(distrusting.url, '198.51.100.1', 2)).toEqual([202, 202]);
    // A spoofed header does not buy a caller a fresh allowance.
    expect(await resets(distrusting.url, '198.51.100.2', 1)).toEqual([429]);
  });
});
