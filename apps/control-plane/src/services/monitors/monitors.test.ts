import { insertApiKey, sql } from '@vantage/db';
import { monitorFingerprint, monitorSpecSchema } from '@vantage/domain';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../../security/secrets.ts';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import {
  collectMonitorChanges,
  eventually,
  httpBody,
  insertPlatformRegions,
  orgIdOf,
} from '../../test-support/monitors.ts';

// Self-hosted: the unlimited plan, and private targets allowed by default.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
await insertPlatformRegions(services);
const changes = await collectMonitorChanges(services);

async function auditActions(orgId: string, targetId: string) {
  return services.db.anyFirst(sql.unsafe`
    SELECT action FROM audit_log WHERE org_id = ${orgId} AND target_id = ${targetId} ORDER BY id`);
}

describe('monitor CRUD', () => {
  it('creates, reads, updates, pauses, resumes and deletes a monitor, auditing and publishing each change', async () => {
    const { client, orgSlug } = await registerUser(url);
    const orgId = await orgIdOf(services, orgSlug);
    const created = await client.post(`/orgs/${orgSlug}/monitors`, httpBody({ tags: ['web'] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'http',
      name: 'Homepage',
      method: 'GET',
      expectedStatusCodes: ['2xx'],
      regions: ['eu-west'],
      status: 'unknown',
      paused: false,
      pausedReason: null,
    });
    const id = created.body.id as string;
    const base = `/orgs/${orgSlug}/monitors/${id}`;
    expect((await client.get(base)).body).toEqual(created.body);

    const updated = await client.patch(base, { name: 'Home', regions: ['eu-west', 'us-east'] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Home', regions: ['eu-west', 'us-east'], tags: ['web'] });

    const paused = await client.post(`${base}/pause`);
    expect(paused.body).toMatchObject({ status: 'paused', paused: true, pausedReason: null });
    const resumed = await client.post(`${base}/resume`);
    expect(resumed.body).toMatchObject({ status: 'unknown', paused: false });

    expect((await client.delete(base)).status).toBe(204);
    expect((await client.get(base)).status).toBe(404);
    expect(await auditActions(orgId, id)).toEqual([
      'monitor.create',
      'monitor.update',
      'monitor.pause',
      'monitor.resume',
      'monitor.delete',
    ]);
    const diff = await services.db.oneFirst(sql.unsafe`
      SELECT diff FROM audit_log WHERE target_id = ${id} AND action = 'monitor.update'`);
    expect(diff).toEqual({
      name: { from: 'Homepage', to: 'Home' },
      regions: { from: ['eu-west'], to: ['eu-west', 'us-east'] },
    });

    const spec = monitorSpecSchema.parse(
      httpBody({ tags: ['web'], name: 'Home', regions: ['eu-west', 'us-east'] }),
    );
    const mine = await eventually(
      () => changes.filter((change) => change.monitorId === id),
      (found) => found.length >= 5,
    );
    expect(mine.map((change) => [change.kind, change.regions])).toEqual([
      ['upsert', ['eu-west']],
      ['upsert', ['eu-west', 'us-east']],
      ['remove', ['eu-west', 'us-east']],
      ['upsert', ['eu-west', 'us-east']],
      ['remove', ['eu-west', 'us-east']],
    ]);
    expect(mine[1]).toEqual({
      kind: 'upsert',
      orgId,
      monitorId: id,
      regions: ['eu-west', 'us-east'],
      fingerprint: monitorFingerprint(spec),
    });
  });

  it('tells probes of a region the monitor left to stop', async () => {
    const { client, orgSlug } = await registerUser(url);
    const { body } = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ regions: ['eu-west', 'us-east'] }),
    );
    await client.patch(`/orgs/${orgSlug}/monitors/${body.id}`, { regions: ['us-east'] });
    const mine = await eventually(
      () => changes.filter((change) => change.monitorId === body.id),
      (found) => found.length >= 3,
    );
    expect(mine.slice(1).map((change) => [change.kind, change.regions])).toEqual([
      ['remove', ['eu-west']],
      ['upsert', ['us-east']],
    ]);
  });

  it('gives a heartbeat monitor a secret ping URL and no regions', async () => {
    const { client, orgSlug } = await registerUser(url);
    const created = await client.post(`/orgs/${orgSlug}/monitors`, {
      type: 'heartbeat',
      name: 'Nightly backup',
      expectedEverySeconds: 86_400,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ regions: [], quorum: null, graceSeconds: 60 });
    const token = await services.db.oneFirst(
      sql.unsafe`SELECT heartbeat_token FROM monitors WHERE id = ${created.body.id}`,
    );
    expect(created.body.heartbeatUrl).toBe(`http://127.0.0.1:4000/api/v1/heartbeat/${token}`);
    expect(String(token).length).toBeGreaterThanOrEqual(43);
    const patched = await client.patch(`/orgs/${orgSlug}/monitors/${created.body.id}`, { graceSeconds: 120 });
    expect(patched.body.heartbeatUrl).toBe(created.body.heartbeatUrl);
    const withRegion = await client.post(`/orgs/${orgSlug}/monitors`, {
      type: 'heartbeat',
      name: 'x',
      expectedEverySeconds: 60,
      regions: ['eu-west'],
    });
    expect(withRegion.status).toBe(400);
    expect(withRegion.body.error.details).toEqual([expect.objectContaining({ path: 'body.regions' })]);
  });

  it('does not show the database row (token, org id) in responses', async () => {
    const { client, orgSlug } = await registerUser(url);
    const created = await client.post(`/orgs/${orgSlug}/monitors`, httpBody());
    expect(created.body).not.toHaveProperty('orgId');
    expect(created.body).not.toHaveProperty('heartbeatToken');
    expect(created.body).not.toHaveProperty('heartbeatUrl');
  });
});

describe('monitor validation', () => {
  it.each([
    [httpBody({ intervalSeconds: 0 }), 'body.intervalSeconds'],
    [httpBody({ url: 'ftp://example.com/' }), 'body.url'],
    [httpBody({ regions: [] }), 'body.regions'],
    [httpBody({ timeoutMs: 400_000 }), 'body.timeoutMs'],
    [httpBody({ owner: 'me' }), 'body.owner'],
    [{ type: 'tcp', name: 'db', host: 'db.example.com', regions: ['eu-west'] }, 'body.port'],
    [{ type: 'carrier-pigeon', name: 'x' }, 'body.type'],
  ])('answers 400 naming the bad field (%#)', async (body, path) => {
    const { client, orgSlug } = await registerUser(url);
    const response = await client.post(`/orgs/${orgSlug}/monitors`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation');
    expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect((await client.get(`/orgs/${orgSlug}/monitors`)).body.items).toEqual([]);
  });

  it.each([
    [{ type: 'tcp' }, 'body.type'],
    [{ intervalSeconds: 'often' }, 'body.intervalSeconds'],
    [{ timeoutMs: 300_000 }, 'body.timeoutMs'],
    [{ port: 80 }, 'body.port'],
    [{ surprise: true }, 'body.surprise'],
  ])('refuses a bad PATCH %o and keeps the monitor as it was', async (patch, path) => {
    const { client, orgSlug } = await registerUser(url);
    const { body } = await client.post(`/orgs/${orgSlug}/monitors`, httpBody());
    const response = await client.patch(`/orgs/${orgSlug}/monitors/${body.id}`, patch);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect((await client.get(`/orgs/${orgSlug}/monitors/${body.id}`)).body).toEqual(body);
  });

  it('refuses regions that do not exist or are another organization’s private region', async () => {
    const { client, orgSlug } = await registerUser(url);
    const other = await registerUser(url);
    const otherId = await orgIdOf(services, other.orgSlug);
    await services.db.query(
      sql.unsafe`INSERT INTO regions (id, name, org_id) VALUES ('their-dc', 'Theirs', ${otherId})`,
    );
    const response = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ regions: ['eu-west', 'moon-base', 'their-dc'] }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { path: 'body.regions.1', message: 'No region named moon-base' },
      { path: 'body.regions.2', message: 'No region named their-dc' },
    ]);
    const ok = await other.client.post(
      `/orgs/${other.orgSlug}/monitors`,
      httpBody({ regions: ['their-dc'] }),
    );
    expect(ok.status).toBe(201);
  });

  it('refuses cloud metadata addresses even though this install allows private targets', async () => {
    const { client, orgSlug } = await registerUser(url);
    const metadata = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ url: 'http://169.254.169.254/latest' }),
    );
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.details).toEqual([expect.objectContaining({ path: 'body.url' })]);
    expect(metadata.body.error.details[0].message).toMatch(/metadata/);
    const privateTarget = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ url: 'http://10.0.0.1/' }),
    );
    expect(privateTarget.status).toBe(201);
  });
});

describe('monitor list', () => {
  it('pages with a cursor, oldest first, and filters by status, tag and name', async () => {
    const { client, orgSlug } = await registerUser(url);
    const ids: string[] = [];
    for (const [index, tag] of ['a', 'b', 'a', 'b', 'a'].entries()) {
      const response = await client.post(
        `/orgs/${orgSlug}/monitors`,
        httpBody({ name: `Site ${index}`, tags: [tag] }),
      );
      ids.push(response.body.id);
    }
    await client.post(`/orgs/${orgSlug}/monitors/${ids[1]}/pause`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await client.get(`/orgs/${orgSlug}/monitors${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    const names = async (query: string) =>
      (await client.get(`/orgs/${orgSlug}/monitors?${query}`)).body.items.map(
        (item: { name: string }) => item.name,
      );
    expect(await names('status=paused')).toEqual(['Site 1']);
    expect(await names('status=unknown')).toEqual(['Site 0', 'Site 2', 'Site 3', 'Site 4']);
    expect(await names('tag=b')).toEqual(['Site 1', 'Site 3']);
    expect(await names('q=site%204')).toEqual(['Site 4']);
  });

  it.each([['cursor=bm90LWEtY3Vyc29y'], ['limit=0'], ['status=sleepy'], ['color=red']])(
    'answers 400 to a bad query (%s)',
    async (query) => {
      const { client, orgSlug } = await registerUser(url);
      const response = await client.get(`/orgs/${orgSlug}/monitors?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].path).toMatch(/^query\./);
    },
  );
});

describe('monitor access', () => {
  it("answers 404 for another organization's monitor on every route and never lists it", async () => {
    const a = await registerUser(url);
    const b = await registerUser(url);
    const theirs = await b.client.post(`/orgs/${b.orgSlug}/monitors`, httpBody({ name: 'Secret' }));
    const base = `/orgs/${a.orgSlug}/monitors/${theirs.body.id}`;
    const responses = await Promise.all([
      a.client.get(base),
      a.client.patch(base, { name: 'Mine now' }),
      a.client.delete(base),
      a.client.post(`${base}/pause`),
      a.client.post(`${base}/resume`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404, 404]);
    expect((await a.client.get(`/orgs/${a.orgSlug}/monitors`)).body.items).toEqual([]);
    expect((await b.client.get(`/orgs/${b.orgSlug}/monitors/${theirs.body.id}`)).body).toEqual(theirs.body);
  });

  it('lets a viewer read but not write', async () => {
    const owner = await registerUser(url);
    const viewer = await registerUser(url);
    const orgId = await orgIdOf(services, owner.orgSlug);
    await services.db.query(sql.unsafe`
      INSERT INTO memberships (org_id, user_id, role) VALUES (${orgId}, ${viewer.userId}, 'viewer')`);
    const { body } = await owner.client.post(`/orgs/${owner.orgSlug}/monitors`, httpBody());
    const base = `/orgs/${owner.orgSlug}/monitors`;
    expect((await viewer.client.get(base)).body.items).toHaveLength(1);
    expect((await viewer.client.get(`${base}/${body.id}`)).status).toBe(200);
    const writes = await Promise.all([
      viewer.client.post(base, httpBody()),
      viewer.client.patch(`${base}/${body.id}`, { name: 'x' }),
      viewer.client.delete(`${base}/${body.id}`),
      viewer.client.post(`${base}/${body.id}/pause`),
    ]);
    expect(writes.map((response) => response.status)).toEqual([403, 403, 403, 403]);
  });

  it('works with an API key, which the audit log names as the actor', async () => {
    const { orgSlug } = await registerUser(url);
    const orgId = await orgIdOf(services, orgSlug);
    const secret = newSecret('vk_');
    await insertApiKey(services.db, {
      orgId,
      name: 'CI',
      role: 'member',
      prefix: secret.slice(0, 8),
      secretHash: hashSecret(secret),
      createdBy: null,
    });
    const keyed = ApiClient.withApiKey(url, secret);
    const created = await keyed.post(`/orgs/${orgSlug}/monitors`, httpBody());
    expect(created.status).toBe(201);
    expect((await keyed.get(`/orgs/${orgSlug}/monitors`)).body.items).toEqual([created.body]);
    const actor = await services.db.one(sql.unsafe`
      SELECT actor_type, actor_label FROM audit_log WHERE target_id = ${created.body.id}`);
    expect(actor).toEqual({ actor_type: 'api_key', actor_label: 'CI' });
  });
});
