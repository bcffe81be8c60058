import { sql } from '@vantage/db';
import { monitorSpecSchema } from '@vantage/domain';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import {
  collectMonitorChanges,
  eventually,
  httpBody,
  insertPlatformRegions,
  orgIdOf,
} from '../../test-support/monitors.ts';
import { pauseMonitorsOverPlan, publishMonitorChanges } from './index.ts';
import { targetViolations } from './target-check.ts';

// Hosted: new organizations are on the free plan (5 monitors, ≥ 300 s, 2 regions) and private targets are refused.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, {
  VANTAGE_EDITION: 'hosted',
  ALLOW_PRIVATE_TARGETS: 'false',
});
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
await insertPlatformRegions(services);
const changes = await collectMonitorChanges(services);

describe('target addresses (SSRF)', () => {
  it.each([
    [httpBody({ url: 'http://localhost:8080/' }), 'body.url', /localhost resolves to a loopback address/],
    [httpBody({ url: 'http://127.0.0.1/' }), 'body.url', /loopback/],
    [httpBody({ url: 'http://[::ffff:127.0.0.1]/' }), 'body.url', /loopback/],
    [httpBody({ url: 'http://2130706433/' }), 'body.url', /loopback/],
    [httpBody({ url: 'http://169.254.169.254/' }), 'body.url', /metadata/],
    [httpBody({ url: 'https://10.0.0.1/health' }), 'body.url', /10\.0\.0\.1 is a private address/],
    [httpBody({ url: 'http://100.64.0.1/' }), 'body.url', /carrier-grade NAT/],
    [
      { type: 'tcp', name: 'db', host: 'localhost', port: 5432, regions: ['eu-west'], intervalSeconds: 300 },
      'body.host',
      /loopback/,
    ],
    [
      { type: 'tls', name: 'cert', host: '192.168.1.1', regions: ['eu-west'], intervalSeconds: 300 },
      'body.host',
      /private/,
    ],
    [
      {
        type: 'dns',
        name: 'dns',
        recordName: 'example.com',
        recordType: 'A',
        resolver: '10.0.0.53',
        regions: ['eu-west'],
        intervalSeconds: 300,
      },
      'body.resolver',
      /private/,
    ],
  ])('refuses %j', async (body, path, message) => {
    const { client, orgSlug } = await registerUser(url);
    const response = await client.post(`/orgs/${orgSlug}/monitors`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation');
    expect(response.body.error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
    expect((await client.get(`/orgs/${orgSlug}/monitors`)).body.items).toEqual([]);
  });

  it('accepts a public address, and a hostname that does not resolve (the probe checks again)', async () => {
    const { client, orgSlug } = await registerUser(url);
    expect((await client.post(`/orgs/${orgSlug}/monitors`, httpBody())).status).toBe(201);
    const unresolved = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ url: 'http://no-such-host.invalid/' }),
    );
    expect(unresolved.status).toBe(201);
  });

  it('refuses a PATCH that points a monitor at a private address', async () => {
    const { client, orgSlug } = await registerUser(url);
    const { body } = await client.post(`/orgs/${orgSlug}/monitors`, httpBody());
    const response = await client.patch(`/orgs/${orgSlug}/monitors/${body.id}`, { url: 'http://10.1.2.3/' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('body.url');
    expect((await client.get(`/orgs/${orgSlug}/monitors/${body.id}`)).body.url).toBe(body.url);
  });

  it("allows private targets from the organization's own private regions, but never metadata", async () => {
    const { client, orgSlug } = await registerUser(url);
    const orgId = await orgIdOf(services, orgSlug);
    await services.db.query(
      sql.unsafe`INSERT INTO regions (id, name, org_id) VALUES ('office-lan', 'Office', ${orgId})`,
    );
    const inside = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ url: 'http://10.0.0.1/', regions: ['office-lan'] }),
    );
    expect(inside.status).toBe(201);
    const mixed = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ url: 'http://10.0.0.1/', regions: ['office-lan', 'eu-west'] }),
    );
    expect(mixed.status).toBe(400);
    const metadata = await client.post(
      `/orgs/${orgSlug}/monitors`,
      httpBody({ url: 'http://169.254.169.254/', regions: ['office-lan'] }),
    );
    expect(metadata.status).toBe(400);
  });

  it('checks every address a hostname resolves to', async () => {
    const spec = monitorSpecSchema.parse(httpBody({ url: 'https://intranet.example.com/' }));
    const resolve = async () => ['93.184.215.14', '10.0.0.1'];
    expect(await targetViolations(spec, { allowPrivate: false, pathPrefix: 'body.', resolve })).toEqual([
      {
        path: 'body.url',
        message:
          'intranet.example.com resolves to a private address (10.0.0.1), which monitors may not reach',
      },
    ]);
    expect(await targetViolations(spec, { allowPrivate: true, pathPrefix: 'body.', resolve })).toEqual([]);
    const metadata = async () => ['fd00:ec2::254'];
    expect(
      await targetViolations(spec, { allowPrivate: true, pathPrefix: '', resolve: metadata }),
    ).toHaveLength(1);
  });
});

async function createMany(
  client: Awaited<ReturnType<typeof registerUser>>['client'],
  orgSlug: string,
  count: number,
) {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await client.post(`/orgs/${orgSlug}/monitors`, httpBody({ name: `M${index}` }));
    expect(response.status).toBe(201);
    ids.push(response.body.id);
  }
  return ids;
}

describe('plan limits', () => {
  it('refuses a 6th active monitor on the free plan with limit.monitors', async () => {
    const { client, orgSlug } = await registerUser(url);
    await createMany(client, orgSlug, 5);
    const sixth = await client.post(`/orgs/${orgSlug}/monitors`, httpBody());
    expect(sixth.status).toBe(402);
    expect(sixth.body.error).toMatchObject({
      code: 'limit_exceeded',
      details: { limitCode: 'limit.monitors', limit: 5 },
    });
    expect((await client.get(`/orgs/${orgSlug}/monitors`)).body.items).toHaveLength(5);
  });

  it.each([
    [httpBody({ intervalSeconds: 60, timeoutMs: 5_000 }), 'limit.interval'],
    [httpBody({ regions: ['eu-west', 'us-east', 'ap-south'] }), 'limit.regions_per_monitor'],
    [
      { type: 'tls', name: 'cert', host: 'example.com', regions: ['eu-west'], intervalSeconds: 300 },
      'limit.monitor_kind',
    ],
  ])('refuses a spec over the plan (%#)', async (body, limitCode) => {
    const { client, orgSlug } = await registerUser(url);
    const response = await client.post(`/orgs/${orgSlug}/monitors`, body);
    expect(response.status).toBe(402);
    expect(response.body.error.details.limitCode).toBe(limitCode);
  });

  it('applies the limits to updates and to resuming a paused monitor', async () => {
    const { client, orgSlug } = await registerUser(url);
    const ids = await createMany(client, orgSlug, 5);
    const faster = await client.patch(`/orgs/${orgSlug}/monitors/${ids[0]}`, { intervalSeconds: 120 });
    expect(faster.status).toBe(402);
    expect(faster.body.error.details.limitCode).toBe('limit.interval');
    expect((await client.post(`/orgs/${orgSlug}/monitors/${ids[0]}/pause`)).status).toBe(200);
    expect((await client.post(`/orgs/${orgSlug}/monitors`, httpBody())).status).toBe(201);
    const resumed = await client.post(`/orgs/${orgSlug}/monitors/${ids[0]}/resume`);
    expect(resumed.status).toBe(402);
    expect(resumed.body.error.details.limitCode).toBe('limit.monitors');
    expect((await client.get(`/orgs/${orgSlug}/monitors/${ids[0]}`)).body.status).toBe('paused');
  });

  it('lets no more than the limit through when creates race', async () => {
    const { client, orgSlug } = await registerUser(url);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        client.post(`/orgs/${orgSlug}/monitors`, httpBody({ name: `R${index}` })),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 402, 402, 402]);
    const orgId = await orgIdOf(services, orgSlug);
    const active = await services.db.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM monitors WHERE org_id = ${orgId}`,
    );
    expect(active).toBe(5);
  });

  it('pauses (never deletes) the monitors over a lower plan and publishes their removal', async () => {
    const { client, orgSlug } = await registerUser(url);
    const orgId = await orgIdOf(services, orgSlug);
    await services.db.query(sql.unsafe`UPDATE organizations SET plan = 'unlimited' WHERE id = ${orgId}`);
    const ids = await createMany(client, orgSlug, 7);
    const fast = await client.patch(`/orgs/${orgSlug}/monitors/${ids[1]}`, { intervalSeconds: 60 });
    expect(fast.status).toBe(200);
    const published = await services.db.transaction(async (tx) => {
      await tx.query(sql.unsafe`UPDATE organizations SET plan = 'free' WHERE id = ${orgId}`);
      return pauseMonitorsOverPlan(tx, controlPlane.context, orgId, 'free');
    });
    await publishMonitorChanges(controlPlane.context, published);
    const { items } = (await client.get(`/orgs/${orgSlug}/monitors`)).body;
    expect(items).toHaveLength(7);
    const pausedReasons = items
      .filter((item: { paused: boolean }) => item.paused)
      .map((item: { id: string; pausedReason: string }) => [item.id, item.pausedReason]);
    expect(pausedReasons).toEqual([
      [ids[1], 'The Free plan checks at most every 300 seconds'],
      [ids[6], 'The Free plan allows at most 5 active monitors'],
    ]);
    const removals = await eventually(
      () => changes.filter((change) => change.kind === 'remove' && change.orgId === orgId),
      (found) => found.length >= 2,
    );
    expect(removals.map((change) => change.monitorId)).toEqual([ids[1], ids[6]]);
    const audited = await services.db.anyFirst(sql.unsafe`
      SELECT actor_type FROM audit_log WHERE org_id = ${orgId} AND action = 'monitor.pause'`);
    expect(audited).toEqual(['system', 'system']);
  });
});
