import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';

const services = await useTestServices();
// Hosted: new organizations start on the free plan, which has neither API access nor a second seat.
const controlPlane = await startTestControlPlane(services, { VANTAGE_EDITION: 'hosted' });
afterAll(() => controlPlane.stop());
const { url } = controlPlane;

/** Moves an organization to a plan (what an operator's comp does), for tests that need paid features. */
async function setPlan(slug: string, plan: string): Promise<void> {
  await services.db.query(sql.unsafe`UPDATE organizations SET plan = ${plan} WHERE slug = ${slug}`);
}

async function addMember(slug: string, userId: string, role: string): Promise<void> {
  await services.db.query(sql.unsafe`
    INSERT INTO memberships (org_id, user_id, role) SELECT id, ${userId}, ${role} FROM organizations WHERE slug = ${slug}`);
}

describe('free plan (hosted edition)', () => {
  it('starts new organizations on free and refuses API keys and a second member with a limit code', async () => {
    const { client, orgSlug } = await registerUser(url);
    const created = await client.post('/orgs', { name: 'Another Hosted Org' });
    expect(created.body.plan).toBe('free');
    const key = await client.post(`/orgs/${orgSlug}/api-keys`, { name: 'ci', role: 'member' });
    expect(key.status).toBe(402);
    expect(key.body.error).toMatchObject({
      code: 'limit_exceeded',
      details: { limitCode: 'limit.api_access' },
    });
    const invite = await client.post(`/orgs/${orgSlug}/invitations`, {
      email: 'second@example.com',
      role: 'member',
    });
    expect(invite.status).toBe(402);
    expect(invite.body.error.details.limitCode).toBe('limit.members');
    expect((await client.get(`/orgs/${orgSlug}/api-keys`)).body.items).toEqual([]);
    expect((await client.get(`/orgs/${orgSlug}/invitations`)).body.items).toEqual([]);
  });

  it('counts pending invitations against the member limit', async () => {
    const { client, orgSlug } = await registerUser(url);
    await setPlan(orgSlug, 'pro');
    for (let i = 0; i < 4; i += 1) {
      const response = await client.post(`/orgs/${orgSlug}/invitations`, {
        email: `p${i}@example.com`,
        role: 'viewer',
      });
      expect(response.status).toBe(201);
    }
    // Re-inviting the same address replaces its invitation rather than taking a seat.
    expect(
      (await client.post(`/orgs/${orgSlug}/invitations`, { email: 'p0@example.com', role: 'member' })).status,
    ).toBe(201);
    const fifth = await client.post(`/orgs/${orgSlug}/invitations`, {
      email: 'p9@example.com',
      role: 'viewer',
    });
    expect(fifth.status).toBe(402);
    expect(fifth.body.error.details.limitCode).toBe('limit.members');
  });
});

describe('API keys', () => {
  it('shows the secret once; the key works as Bearer, records lastUsedAt, and stops at once when revoked', async () => {
    const { client, orgSlug } = await registerUser(url);
    await setPlan(orgSlug, 'business');
    const created = await client.post(`/orgs/${orgSlug}/api-keys`, { name: 'deploy bot', role: 'viewer' });
    expect(created.status).toBe(201);
    const { apiKey, secret } = created.body;
    expect(secret).toMatch(/^vk_[A-Za-z0-9_-]{40,}$/);
    expect(apiKey).toMatchObject({
      name: 'deploy bot',
      role: 'viewer',
      prefix: secret.slice(0, 10),
      lastUsedAt: null,
    });
    const listed = await client.get(`/orgs/${orgSlug}/api-keys`);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const bot = ApiClient.withApiKey(url, secret);
    const members = await bot.get(`/orgs/${orgSlug}/members`);
    expect(members.status).toBe(200);
    expect((await bot.get(`/orgs/${orgSlug}`)).body.slug).toBe(orgSlug);
    // A viewer key cannot write.
    expect((await bot.patch(`/orgs/${orgSlug}`, { name: 'Bot Was Here' })).status).toBe(403);
    const [seen] = (await client.get(`/orgs/${orgSlug}/api-keys`)).body.items;
    expect(seen.lastUsedAt).not.toBeNull();

    expect((await client.delete(`/orgs/${orgSlug}/api-keys/${apiKey.id}`)).status).toBe(204);
    expect((await bot.get(`/orgs/${orgSlug}/members`)).status).toBe(401);
    const [revoked] = (await client.get(`/orgs/${orgSlug}/api-keys`)).body.items;
    expect(revoked.revokedAt).not.toBeNull();
  });

  it("answers 404 when a key of org A is used on org B's slug, or org B's key id under org A", async () => {
    const a = await registerUser(url);
    const b = await registerUser(url);
    await setPlan(a.orgSlug, 'business');
    await setPlan(b.orgSlug, 'business');
    const keyA = (await a.client.post(`/orgs/${a.orgSlug}/api-keys`, { name: 'a', role: 'admin' })).body;
    const keyB = (await b.client.post(`/orgs/${b.orgSlug}/api-keys`, { name: 'b', role: 'admin' })).body;
    const botA = ApiClient.withApiKey(url, keyA.secret);
    expect((await botA.get(`/orgs/${b.orgSlug}`)).status).toBe(404);
    expect((await botA.get(`/orgs/${b.orgSlug}/members`)).status).toBe(404);
    expect((await botA.delete(`/orgs/${a.orgSlug}/api-keys/${keyB.apiKey.id}`)).status).toBe(404);
    expect((await a.client.delete(`/orgs/${a.orgSlug}/api-keys/${keyB.apiKey.id}`)).status).toBe(404);
    expect((await ApiClient.withApiKey(url, keyB.secret).get(`/orgs/${b.orgSlug}`)).status).toBe(200);
    // API keys are org-scoped: user endpoints refuse them.
    expect((await botA.get('/me')).status).toBe(403);
  });

  it('refuses members and viewers (403) and an owner-role key (400); records the key as the actor of its writes', async () => {
    const owner = await registerUser(url);
    const slug = owner.orgSlug;
    await setPlan(slug, 'business');
    const member = await registerUser(url);
    await addMember(slug, member.userId, 'member');
    const viewer = await registerUser(url);
    await addMember(slug, viewer.userId, 'viewer');
    for (const user of [member, viewer]) {
      expect((await user.client.post(`/orgs/${slug}/api-keys`, { name: 'x', role: 'viewer' })).status).toBe(
        403,
      );
      expect((await user.client.get(`/orgs/${slug}/api-keys`)).status).toBe(403);
    }
    const adminKey = (await owner.client.post(`/orgs/${slug}/api-keys`, { name: 'admin key', role: 'admin' }))
      .body;
    const bot = ApiClient.withApiKey(url, adminKey.secret);
    const bad = await bot.post(`/orgs/${slug}/api-keys`, { name: '', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.name',
      'body.role',
    ]);
    expect((await bot.patch(`/orgs/${slug}`, { name: 'Renamed By Bot' })).status).toBe(200);
    const log = await owner.client.get(`/orgs/${slug}/audit-log`);
    expect(log.body.items[0]).toMatchObject({
      action: 'organization.update',
      actor: { type: 'api_key', id: adminKey.apiKey.id, label: 'admin key' },
    });
    expect(log.body.items[1]).toMatchObject({
      action: 'api_key.create',
      targetId: adminKey.apiKey.id,
      diff: { name: 'admin key', role: 'admin' },
    });
  });
});
