import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
afterAll(() => controlPlane.stop());
const { url } = controlPlane;

function tokenFrom(text: string): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no token in ${text}`);
  return match[1]!;
}

describe('registration', () => {
  it('creates the user, an organization they own, and signs them in', async () => {
    const client = new ApiClient(url);
    const response = await client.post('/auth/register', {
      email: 'Ada@Example.com',
      password: 'correct horse battery',
      name: 'Ada',
      organizationName: 'Analytical Engines',
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email: 'ada@example.com', name: 'Ada', emailVerified: false });
    expect(response.body.organization).toMatchObject({
      slug: 'analytical-engines',
      name: 'Analytical Engines',
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await client.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({
        role: 'owner',
        organization: expect.objectContaining({ slug: 'analytical-engines' }),
      }),
    ]);
  });

  it('refuses a second account with the same email (any case) and writes nothing', async () => {
    const first = await registerUser(url);
    const again = await new ApiClient(url).post('/auth/register', {
      email: first.email.toUpperCase(),
      password: 'another long password',
      organizationName: 'Dup Org Name',
    });
    expect(again.status).toBe(409);
    const orgs = await services.db.anyFirst(
      (await import('@vantage/db')).sql.unsafe`SELECT slug FROM organizations WHERE name = 'Dup Org Name'`,
    );
    expect(orgs).toEqual([]);
  });

  it.each([
    [{ email: 'not-an-email', password: 'long enough pw', organizationName: 'X' }, 'body.email'],
    [{ email: 'a@example.com', password: 'short', organizationName: 'X' }, 'body.password'],
    [{ email: 'a@example.com', password: 'long enough pw' }, 'body.organizationName'],
    [
      { email: 'a@example.com', password: 'long enough pw', organizationName: 'X', admin: true },
      'body.admin',
    ],
  ])('answers 400 naming the bad field (%o)', async (body, path) => {
    const response = await new ApiClient(url).post('/auth/register', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation');
    expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('sends a verification email whose link verifies the address once', async () => {
    const { client, email } = await registerUser(url);
    const mail = await controlPlane.mail.waitFor(email, /Confirm your email/);
    const token = tokenFrom(mail.text);
    expect((await client.post('/auth/verify-email', { token })).status).toBe(204);
    expect((await client.get('/me')).body.user.emailVerified).toBe(true);
    expect((await client.post('/auth/verify-email', { token })).status).toBe(400);
  });
});

describe('sessions', () => {
  it('logs in, logs out, and the old cookie stops working', async () => {
    const { email, password } = await registerUser(url);
    const client = new ApiClient(url);
    const login = await client.post('/auth/login', { email, password });
    expect(login.status).toBe(200);
    const cookie = client.cookie;
    expect((await client.get('/me')).status).toBe(200);
    expect((await client.post('/auth/logout')).status).toBe(204);
    const stale = new ApiClient(url);
    stale.cookie = cookie;
    expect((await stale.get('/me')).status).toBe(401);
  });

  it('gives one answer for a wrong password and an unknown email', async () => {
    const { email } = await registerUser(url);
    const wrong = await new ApiClient(url).post('/auth/login', { email, password: 'not the password' });
    const unknown = await new ApiClient(url).post('/auth/login', {
      email: 'nobody@example.com',
      password: 'whatever pw',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('changing the password signs out every other session', async () => {
    const { client, email, password } = await registerUser(url);
    const other = new ApiClient(url);
    await other.post('/auth/login', { email, password });
    const changed = await client.post('/auth/change-password', {
      currentPassword: password,
      newPassword: 'a brand new password',
    });
    expect(changed.status).toBe(204);
    expect((await client.get('/me')).status).toBe(200);
    expect((await other.get('/me')).status).toBe(401);
    expect((await new ApiClient(url).post('/auth/login', { email, password })).status).toBe(401);
    expect(
      (await new ApiClient(url).post('/auth/login', { email, password: 'a brand new password' })).status,
    ).toBe(200);
  });

  it('resets a forgotten password with the emailed token, once, revoking every session', async () => {
    const { client, email } = await registerUser(url);
    expect((await new ApiClient(url).post('/auth/password-reset', { email })).status).toBe(202);
    expect(
      (await new ApiClient(url).post('/auth/password-reset', { email: 'ghost@example.com' })).status,
    ).toBe(202);
    const token = tokenFrom((await controlPlane.mail.waitFor(email, /Reset your Vantage password/)).text);
    const reset = await new ApiClient(url).post('/auth/password-reset/confirm', {
      token,
      newPassword: 'reset password 1',
    });
    expect(reset.status).toBe(204);
    expect((await client.get('/me')).status).toBe(401);
    const again = await new ApiClient(url).post('/auth/password-reset/confirm', {
      token,
      newPassword: 'reset password 2',
    });
    expect(again.status).toBe(400);
    expect(
      (await new ApiClient(url).post('/auth/login', { email, password: 'reset password 1' })).status,
    ).toBe(200);
  });

  it('refuses cookie writes without our Origin, and accepts them with it', async () => {
    const { client } = await registerUser(url);
    const foreign = await client.request('POST', '/auth/logout', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    client.origin = '';
    const missing = await client.request('POST', '/auth/logout', {});
    expect(missing.status).toBe(403);
    expect((await client.get('/me')).status).toBe(200);
  });

  it('expires sessions after their lifetime', async () => {
    const { client, userId } = await registerUser(url);
    const { sql } = await import('@vantage/db');
    await services.db.query(
      sql.unsafe`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = ${userId}`,
    );
    expect((await client.get('/me')).status).toBe(401);
  });
});

describe('request limits', () => {
  it('answers 413 to a body over 1 MiB', async () => {
    const response = await new ApiClient(url).post('/auth/login', {
      email: 'a@example.com',
      password: 'x'.repeat(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('answers 400 to malformed JSON', async () => {
    const response = await new ApiClient(url).request('POST', '/auth/login', '{"email":');
    expect(response.status).toBe(400);
  });
});
