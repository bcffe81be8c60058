import { sql, upsertMembership } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, {
  VANTAGE_EDITION: 'hosted',
  VANTAGE_OPERATORS: 'op@example.com',
});
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
const operator = (await registerUser(url, { email: 'op@example.com' })).client;
expect((await operator.post('/admin/regions', { id: 'eu-west', name: 'Europe West' })).status).toBe(201);

async function orgIdOf(slug: string): Promise<string> {
  return String(await services.db.oneFirst(sql.unsafe`SELECT id FROM organizations WHERE slug = ${slug}`));
}

describe('private regions', () => {
  it('are listed only for their own organization, beside every platform region', async () => {
    const alpha = await registerUser(url);
    const beta = await registerUser(url);
    const created = await alpha.client.post(`/orgs/${alpha.orgSlug}/regions`, {
      id: 'alpha-office',
      name: 'Alpha office',
      location: 'Basement',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'alpha-office', private: true });

    const alphaList = await alpha.client.get(`/orgs/${alpha.orgSlug}/regions`);
    expect(alphaList.body.items.map((region: { id: string }) => region.id)).toEqual([
      'eu-west',
      'alpha-office',
    ]);
    expect(alphaList.body.items[0].private).toBe(false);
    const betaList = await beta.client.get(`/orgs/${beta.orgSlug}/regions`);
    expect(betaList.body.items.map((region: { id: string }) => region.id)).toEqual(['eu-west']);
  });

  it("answers 404 for another organization's private region and for platform regions", async () => {
    const alpha = await registerUser(url);
    const beta = await registerUser(url);
    await alpha.client.post(`/orgs/${alpha.orgSlug}/regions`, { id: 'alpha-only', name: 'Alpha only' });
    for (const id of ['alpha-only', 'eu-west', 'missing-region']) {
      const base = `/orgs/${beta.orgSlug}/regions/${id}`;
      expect((await beta.client.post(`${base}/probe-tokens`, { name: 'sneaky' })).status, id).toBe(404);
      expect((await beta.client.get(`${base}/probe-tokens`)).status, id).toBe(404);
      expect((await beta.client.delete(base)).status, id).toBe(404);
    }
    const tokens = await services.db.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM probe_tokens WHERE region_id IN ('alpha-only', 'eu-west')`,
    );
    expect(tokens).toBe(0);
    // The region is still there for its owner.
    const list = await alpha.client.get(`/orgs/${alpha.orgSlug}/regions`);
    expect(list.body.items.map((region: { id: string }) => region.id)).toContain('alpha-only');
  });

  it('share one id namespace with platform regions (409 on a clash)', async () => {
    const alpha = await registerUser(url);
    const clash = await alpha.client.post(`/orgs/${alpha.orgSlug}/regions`, { id: 'eu-west', name: 'Mine' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details).toEqual([{ path: 'body.id', message: 'Already taken' }]);
  });

  it('issue probe tokens shown once, which the organization can list and revoke, and records them', async () => {
    const alpha = await registerUser(url);
    const beta = await registerUser(url);
    await alpha.client.post(`/orgs/${alpha.orgSlug}/regions`, { id: 'alpha-lab', name: 'Lab' });
    const base = `/orgs/${alpha.orgSlug}/regions/alpha-lab/probe-tokens`;
    const issued = await alpha.client.post(base, { name: 'rack 1' });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^vp_/);
    const listed = await alpha.client.get(base);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: issued.body.probeToken.id, revokedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);

    const foreign = `/orgs/${beta.orgSlug}/regions/alpha-lab/probe-tokens/${issued.body.probeToken.id}`;
    expect((await beta.client.delete(foreign)).status).toBe(404);
    expect((await alpha.client.delete(`${base}/${issued.body.probeToken.id}`)).status).toBe(204);
    expect((await alpha.client.get(base)).body.items[0].revokedAt).not.toBeNull();

    const actions = await services.db.anyFirst(sql.unsafe`
      SELECT action FROM audit_log WHERE org_id = ${await orgIdOf(alpha.orgSlug)} ORDER BY id`);
    expect(actions).toEqual([
      'organization.create',
      'region.create',
      'probe_token.create',
      'probe_token.revoke',
    ]);
  });

  it('cannot be deleted while a monitor uses them', async () => {
    const alpha = await registerUser(url);
    const orgId = await orgIdOf(alpha.orgSlug);
    await alpha.client.post(`/orgs/${alpha.orgSlug}/regions`, { id: 'alpha-dc', name: 'DC' });
    await services.db.query(sql.unsafe`
      INSERT INTO monitors (org_id, name, type, spec, regions)
      VALUES (${orgId}, 'm', 'tcp', '{}'::jsonb, ARRAY['alpha-dc'])`);
    const refused = await alpha.client.delete(`/orgs/${alpha.orgSlug}/regions/alpha-dc`);
    expect(refused.status).toBe(409);
    await services.db.query(sql.unsafe`DELETE FROM monitors WHERE org_id = ${orgId}`);
    expect((await alpha.client.delete(`/orgs/${alpha.orgSlug}/regions/alpha-dc`)).status).toBe(204);
    const list = await alpha.client.get(`/orgs/${alpha.orgSlug}/regions`);
    expect(list.body.items.map((region: { id: string }) => region.id)).not.toContain('alpha-dc');
  });

  it('are managed by admins only: a member may list but not create', async () => {
    const alpha = await registerUser(url);
    const member = await registerUser(url);
    await upsertMembership(services.db, await orgIdOf(alpha.orgSlug), member.userId, 'member');
    expect((await member.client.get(`/orgs/${alpha.orgSlug}/regions`)).status).toBe(200);
    const refused = await member.client.post(`/orgs/${alpha.orgSlug}/regions`, {
      id: 'member-room',
      name: 'Room',
    });
    expect(refused.status).toBe(403);
    const exists = await services.db.exists(sql.unsafe`SELECT 1 FROM regions WHERE id = 'member-room'`);
    expect(exists).toBe(false);
  });

  it.each([
    [{ id: 'Bad_Id', name: 'x' }, 'body.id'],
    [{ id: 'ok-id', name: 'x', location: 'y'.repeat(101) }, 'body.location'],
    [{ id: 'ok-id', name: 'x', orgId: 'someone-else' }, 'body.orgId'],
  ])('refuse %j naming %s', async (body, path) => {
    const alpha = await registerUser(url);
    const response = await alpha.client.post(`/orgs/${alpha.orgSlug}/regions`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
  });
});
