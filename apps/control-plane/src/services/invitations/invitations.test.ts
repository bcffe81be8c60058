import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, { RATE_LIMIT_INVITATION_ACCEPT: '1000/900' });
afterAll(() => controlPlane.stop());
const { url } = controlPlane;

let counter = 0;
function freshEmail(): string {
  counter += 1;
  return `invitee${counter}-${process.pid}-${Date.now()}@example.com`;
}

/** Invites `email` into the owner's org and returns the token from the captured email. */
async function invite(owner: Awaited<ReturnType<typeof registerUser>>, email: string, role = 'member') {
  const created = await owner.client.post(`/orgs/${owner.orgSlug}/invitations`, { email, role });
  expect(created.status).toBe(201);
  const mail = await controlPlane.mail.waitFor(email.toLowerCase(), /invited to join/);
  const link = /(http\S+\/invitations\/accept\?token=([A-Za-z0-9_-]+))/.exec(mail.text);
  if (!link) throw new Error(`no invitation link in ${mail.text}`);
  return { invitation: created.body, link: link[1]!, token: link[2]! };
}

describe('invitations', () => {
  it('emails a 7-day link that the invited account accepts; the org then shows in /me', async () => {
    const owner = await registerUser(url);
    const email = freshEmail();
    const { invitation, link, token } = await invite(owner, email.toUpperCase(), 'admin');
    expect(link.startsWith('http://127.0.0.1:3000/invitations/accept?token=')).toBe(true);
    expect(invitation).toMatchObject({ email, role: 'admin' });
    const days = (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 1);
    const pending = await owner.client.get(`/orgs/${owner.orgSlug}/invitations`);
    expect(pending.body.items).toEqual([invitation]);

    const invitee = await registerUser(url, { email });
    const accepted = await invitee.client.post('/invitations/accept', { token });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ role: 'admin', organization: { slug: owner.orgSlug } });
    const me = await invitee.client.get('/me');
    expect(me.body.memberships.map((m: { organization: { slug: string } }) => m.organization.slug)).toContain(
      owner.orgSlug,
    );
    expect((await owner.client.get(`/orgs/${owner.orgSlug}/invitations`)).body.items).toEqual([]);
    // Single use.
    const again = await invitee.client.post('/invitations/accept', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].path).toBe('body.token');
  });

  it('refuses another signed-in account (403) and leaves the invitation usable', async () => {
    const owner = await registerUser(url);
    const email = freshEmail();
    const { token } = await invite(owner, email);
    const stranger = await registerUser(url);
    expect((await stranger.client.post('/invitations/accept', { token })).status).toBe(403);
    expect((await stranger.client.get(`/orgs/${owner.orgSlug}`)).status).toBe(404);
    const invitee = await registerUser(url, { email });
    expect((await invitee.client.post('/invitations/accept', { token })).status).toBe(201);
  });

  it.each([
    [
      'expired',
      async (id: string) => {
        await services.db.query(
          sql.unsafe`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = ${id}`,
        );
      },
    ],
    ['revoked', async (_id: string, revoke: () => Promise<number>) => expect(await revoke()).toBe(204)],
  ])('answers 400 naming body.token when the invitation is %s', async (_state, spoil) => {
    const owner = await registerUser(url);
    const email = freshEmail();
    const { invitation, token } = await invite(owner, email);
    await spoil(
      invitation.id,
      async () => (await owner.client.delete(`/orgs/${owner.orgSlug}/invitations/${invitation.id}`)).status,
    );
    const invitee = await registerUser(url, { email });
    const response = await invitee.client.post('/invitations/accept', { token });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'body.token' })]);
    expect((await invitee.client.get(`/orgs/${owner.orgSlug}`)).status).toBe(404);
  });

  it('lets only admins and owners manage invitations; an admin cannot invite an owner', async () => {
    const owner = await registerUser(url);
    const roles = ['admin', 'member', 'viewer'] as const;
    const users = Object.fromEntries(
      await Promise.all(
        roles.map(async (role) => {
          const user = await registerUser(url);
          await services.db.query(sql.unsafe`
            INSERT INTO memberships (org_id, user_id, role)
            SELECT id, ${user.userId}, ${role} FROM organizations WHERE slug = ${owner.orgSlug}`);
          return [role, user];
        }),
      ),
    ) as Record<(typeof roles)[number], Awaited<ReturnType<typeof registerUser>>>;
    const path = `/orgs/${owner.orgSlug}/invitations`;
    for (const role of ['member', 'viewer'] as const) {
      expect((await users[role].client.post(path, { email: freshEmail(), role: 'viewer' })).status).toBe(403);
      expect((await users[role].client.get(path)).status).toBe(403);
    }
    expect((await users.admin.client.post(path, { email: freshEmail(), role: 'owner' })).status).toBe(403);
    expect((await users.admin.client.post(path, { email: freshEmail(), role: 'admin' })).status).toBe(201);
    const taken = await owner.client.post(path, { email: users.viewer.email, role: 'member' });
    expect(taken.status).toBe(409);
    const bad = await owner.client.post(path, { email: 'nope', role: 'boss' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.email',
      'body.role',
    ]);
  });

  it("answers 404 for another organization's invitation id and writes nothing", async () => {
    const a = await registerUser(url);
    const b = await registerUser(url);
    const { invitation } = await invite(b, freshEmail());
    expect((await a.client.delete(`/orgs/${a.orgSlug}/invitations/${invitation.id}`)).status).toBe(404);
    expect((await b.client.get(`/orgs/${b.orgSlug}/invitations`)).body.items).toHaveLength(1);
  });
});
