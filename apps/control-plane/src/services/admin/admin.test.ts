import { createHash } from 'node:crypto';
import { sql } from '@vantage/db';
import { monitorSpecSchema } from '@vantage/domain';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { handlers } from './index.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, {
  VANTAGE_EDITION: 'hosted',
  VANTAGE_OPERATORS: 'op@example.com',
});
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
const operator = (await registerUser(url, { email: 'op@example.com' })).client;

let regionCounter = 0;
async function newRegion(client: ApiClient = operator): Promise<string> {
  regionCounter += 1;
  const id = `test-region-${regionCounter}`;
  const response = await client.post('/admin/regions', {
    id,
    name: `Test ${regionCounter}`,
    location: 'Nowhere',
  });
  expect(response.status).toBe(201);
  return id;
}

async function orgIdOf(slug: string): Promise<string> {
  return String(await services.db.oneFirst(sql.unsafe`SELECT id FROM organizations WHERE slug = ${slug}`));
}

/** Inserts a monitor directly (oldest first by `position`), as the monitors API would store it. */
async function insertMonitor(
  orgId: string,
  input: { position: number; intervalSeconds: number; regions: string[] },
) {
  const spec = monitorSpecSchema.parse({
    type: 'http',
    name: `m${input.position}`,
    url: 'https://example.com/',
    intervalSeconds: input.intervalSeconds,
    regions: input.regions,
  });
  return String(
    await services.db.oneFirst(sql.unsafe`
      INSERT INTO monitors (org_id, name, type, spec, regions, created_at)
      VALUES (${orgId}, ${spec.name}, 'http', ${sql.jsonb(spec as never)}, ${sql.array(input.regions, 'text')},
              now() + make_interval(secs => ${input.position}))
      RETURNING id`),
  );
}

describe('operator access', () => {
  it('answers 403 to a signed-in non-operator on every /admin route', async () => {
    const { client, orgSlug } = await registerUser(url);
    for (const { endpoint } of handlers) {
      const path = endpoint.path
        .replace('{org}', orgSlug)
        .replace('{id}', '00000000-0000-4000-8000-000000000000');
      const response = await client.request(
        endpoint.method,
        path,
        endpoint.method === 'GET' ? undefined : {},
      );
      expect(response.status, `${endpoint.method} ${endpoint.path}`).toBe(403);
    }
  });

  it('shows the operator flag on /me', async () => {
    const me = await operator.get('/me');
    expect(me.body.user.isOperator).toBe(true);
  });
});

describe('regions', () => {
  it('creates, lists, renames and refuses a duplicate id', async () => {
    const created = await operator.post('/admin/regions', {
      id: 'eu-west',
      name: 'Europe West',
      location: 'Dublin',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'eu-west',
      name: 'Europe West',
      location: 'Dublin',
      private: false,
      orgId: null,
    });
    const again = await operator.post('/admin/regions', { id: 'eu-west', name: 'Other' });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([{ path: 'body.id', message: 'Already taken' }]);
    const renamed = await operator.patch('/admin/regions/eu-west', { name: 'EU West' });
    expect(renamed.body).toMatchObject({ name: 'EU West', location: 'Dublin' });
    const list = await operator.get('/admin/regions');
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: 'eu-west', name: 'EU West' }));
    expect((await operator.patch('/admin/regions/nowhere', { name: 'X' })).status).toBe(404);
  });

  it.each([
    [{ id: 'EU', name: 'x' }, 'body.id'],
    [{ id: '-bad-', name: 'x' }, 'body.id'],
    [{ id: 'fine-id', name: '' }, 'body.name'],
    [{ id: 'fine-id', name: 'x', extra: 1 }, 'body.extra'],
  ])('refuses %j naming %s', async (body, path) => {
    const response = await operator.post('/admin/regions', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('refuses to delete a region while a monitor uses it, then deletes it', async () => {
    const region = await newRegion();
    const owner = await registerUser(url);
    const monitorId = await insertMonitor(await orgIdOf(owner.orgSlug), {
      position: 0,
      intervalSeconds: 300,
      regions: [region],
    });
    const refused = await operator.delete(`/admin/regions/${region}`);
    expect(refused.status).toBe(409);
    await services.db.query(sql.unsafe`DELETE FROM monitors WHERE id = ${monitorId}`);
    expect((await operator.delete(`/admin/regions/${region}`)).status).toBe(204);
    expect((await operator.delete(`/admin/regions/${region}`)).status).toBe(404);
  });
});

describe('probe tokens', () => {
  it('shows a token once, stores only its hash, and revokes it', async () => {
    const region = await newRegion();
    const issued = await operator.post('/admin/probe-tokens', { regionId: region, name: 'probe 1' });
    expect(issued.status).toBe(201);
    const { token, probeToken } = issued.body;
    expect(token).toMatch(/^vp_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(probeToken.prefix)).toBe(true);
    const stored = (await services.db.one(
      sql.unsafe`SELECT row_to_json(t)::text AS row, token_hash FROM probe_tokens t WHERE id = ${probeToken.id}`,
    )) as { row: string; token_hash: Buffer };
    expect(stored.row).not.toContain(token);
    expect(Buffer.from(stored.token_hash)).toEqual(createHash('sha256').update(token).digest());

    const listed = await operator.get(`/admin/probe-tokens?region=${region}`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: probeToken.id, revokedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const fleetRegion = async () =>
      (await operator.get('/admin/probes')).body.items.find(
        (item: { regionId: string }) => item.regionId === region,
      );
    expect(await fleetRegion()).toMatchObject({
      live: false,
      probes: [],
      tokens: [expect.objectContaining({ id: probeToken.id, revokedAt: null })],
    });

    expect((await operator.delete(`/admin/probe-tokens/${probeToken.id}`)).status).toBe(204);
    const after = await operator.get(`/admin/probe-tokens?region=${region}`);
    expect(after.body.items[0].revokedAt).not.toBeNull();
    expect((await fleetRegion()).tokens).toEqual([]);
    expect((await operator.delete('/admin/probe-tokens/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  it.each([
    [{ regionId: 'no-such-region', name: 'p' }, 'body.regionId'],
    [{ regionId: 'eu-west', name: '   ' }, 'body.name'],
    [{ name: 'p' }, 'body.regionId'],
  ])('refuses %j naming %s', async (body, path) => {
    const response = await operator.post('/admin/probe-tokens', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
  });
});

describe('organizations', () => {
  it('sets a plan, seen by the members, and records it as an operator in the audit log', async () => {
    const owner = await registerUser(url, { organizationName: 'Comped Customer' });
    const response = await operator.patch(`/admin/organizations/${owner.orgSlug}`, { plan: 'pro' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      organization: { slug: owner.orgSlug, plan: 'pro' },
      pausedMonitors: [],
    });
    const me = await owner.client.get('/me');
    expect(me.body.memberships[0].organization.plan).toBe('pro');
    const audit = (await services.db.one(sql.unsafe`
      SELECT actor_type, actor_label, diff FROM audit_log
      WHERE org_id = ${await orgIdOf(owner.orgSlug)} AND action = 'organization.plan_change'`)) as {
      diff: unknown;
    };
    expect(audit).toMatchObject({ actor_type: 'operator', actor_label: 'op@example.com' });
    expect(audit.diff).toMatchObject({ plan: { from: 'free', to: 'pro' } });
  });

  it('pauses (never deletes) the monitors over the limits of a downgraded plan, with a reason', async () => {
    const owner = await registerUser(url);
    const orgId = await orgIdOf(owner.orgSlug);
    await operator.patch(`/admin/organizations/${owner.orgSlug}`, { plan: 'pro' });
    const regions = [await newRegion()];
    const fast = await insertMonitor(orgId, { position: 0, intervalSeconds: 60, regions });
    const fitting = [];
    for (let position = 1; position <= 5; position += 1)
      fitting.push(await insertMonitor(orgId, { position, intervalSeconds: 300, regions }));
    const sixth = await insertMonitor(orgId, { position: 6, intervalSeconds: 300, regions });

    const response = await operator.patch(`/admin/organizations/${owner.orgSlug}`, { plan: 'free' });
    expect(response.status).toBe(200);
    expect(response.body.pausedMonitors.map((monitor: { id: string }) => monitor.id).sort()).toEqual(
      [fast, sixth].sort(),
    );
    const rows = (await services.db.any(
      sql.unsafe`SELECT id, paused, paused_reason FROM monitors WHERE org_id = ${orgId}`,
    )) as { id: string; paused: boolean; paused_reason: string | null }[];
    expect(rows).toHaveLength(7);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(fast)).toMatchObject({
      paused: true,
      paused_reason: expect.stringMatching(/300 seconds/),
    });
    expect(byId.get(sixth)).toMatchObject({
      paused: true,
      paused_reason: expect.stringMatching(/5 active monitors/),
    });
    for (const id of fitting) expect(byId.get(id)).toMatchObject({ paused: false, paused_reason: null });
    expect(response.body.organization).toMatchObject({
      plan: 'free',
      monitorCount: 7,
      activeMonitorCount: 5,
    });
  });

  it('lists organizations with counts, searches and pages', async () => {
    const owner = await registerUser(url, { organizationName: 'Zebra Searchable' });
    await registerUser(url, { organizationName: 'Zebra Searchable Two' });
    const found = await operator.get('/admin/organizations?q=ZEBRA%20search&limit=1');
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      expect.objectContaining({ slug: owner.orgSlug, plan: 'free', memberCount: 1, monitorCount: 0 }),
    ]);
    const next = await operator.get(`/admin/organizations?q=zebra&limit=1&cursor=${found.body.nextCursor}`);
    expect(next.body.items).toEqual([expect.objectContaining({ name: 'Zebra Searchable Two' })]);
    expect(next.body.nextCursor).toBeNull();
  });

  it.each([
    [{ plan: 'gold' }, 'body.plan'],
    [{}, 'body.plan'],
    [{ plan: 'pro', name: 'x' }, 'body.name'],
  ])('refuses %j naming %s', async (body, path) => {
    const owner = await registerUser(url);
    const response = await operator.patch(`/admin/organizations/${owner.orgSlug}`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('answers 404 for an organization that does not exist', async () => {
    const response = await operator.patch('/admin/organizations/no-such-org', { plan: 'pro' });
    expect(response.status).toBe(404);
  });
});
