import { sql } from '@vantage/db';
import { startSmtpCapture, useTestServices } from '@vantage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClient, registerUser } from './test-support/api-client.ts';
import { startTestControlPlane } from './test-support/control-plane.ts';
import { startCountingTarget } from './test-support/counting-target.ts';
import { eventually } from './test-support/monitors.ts';
import { type ProbeProcess, startProbeProcess } from './test-support/probe-process.ts';
import { startRegionalTarget } from './test-support/regional-target.ts';
import { startTcpBalancer } from './test-support/tcp-balancer.ts';

// Distributed mode: two control-plane instances on one Postgres, ClickHouse and Redis. One real probe
// reaches instance A through a TCP balancer (as behind a Kubernetes Service), the other connects to B.
// Both probes share a region's monitors; alerts go out once although both instances run workers. Then A
// stops: its probe reconnects through the balancer to B, the region is shared again, and a failing
// target still pages exactly once.

const services = await useTestServices();
const mail = await startSmtpCapture();
const shared = { SMTP_URL: mail.url };
const first = await startTestControlPlane(services, shared);
const second = await startTestControlPlane(services, shared);
const balancer = await startTcpBalancer(first.grpcPort);
const target = await startCountingTarget();
const failing = await startRegionalTarget();
const probes: ProbeProcess[] = [];
let firstStopped = false;
afterAll(async () => {
  await Promise.all(probes.map((probe) => probe.kill()));
  if (!firstStopped) await first.stop();
  await second.stop();
  await balancer.close();
  await Promise.all([target.close(), failing.close(), mail.stop()]);
});

const { client, orgSlug } = await registerUser(first.url);
const org = `/orgs/${orgSlug}`;
const alertAddress = 'oncall@example.com';
const table = `${services.results.database}.check_results_v1`;
const monitorIds: string[] = [];
let checkoutId = '';
let channelId = '';

beforeAll(async () => {
  expect((await client.post('/admin/regions', { id: 'eu-west', name: 'EU West', location: '' })).status).toBe(
    201,
  );
  const channel = await client.post(`${org}/alert-channels`, {
    name: 'On call',
    type: 'email',
    config: { to: [alertAddress] },
  });
  expect(channel.status, JSON.stringify(channel.body)).toBe(201);
  channelId = channel.body.alertChannel.id;
  const monitor = (name: string, url: string, alertChannelIds: string[]) =>
    client.post(`${org}/monitors`, {
      type: 'http',
      name,
      url,
      intervalSeconds: 1,
      timeoutMs: 800,
      failureThreshold: 2,
      recoveryThreshold: 2,
      regions: ['eu-west'],
      alertChannelIds,
    });
  for (let i = 0; i < 6; i += 1) {
    const created = await monitor(`Page ${i}`, target.url(`page-${i}`), []);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    monitorIds.push(created.body.id);
  }
  const checkout = await monitor('Checkout', failing.url, [channelId]);
  expect(checkout.status, JSON.stringify(checkout.body)).toBe(201);
  checkoutId = checkout.body.id;
  monitorIds.push(checkoutId);
  for (const grpcPort of [balancer.port, second.grpcPort]) {
    const issued = await client.post('/admin/probe-tokens', {
      regionId: 'eu-west',
      name: `probe ${grpcPort}`,
    });
    probes.push(startProbeProcess({ grpcPort, token: issued.body.token, region: 'eu-west' }));
  }
  await Promise.all(probes.map((probe) => probe.waitForLine(/connected to the control plane/)));
}, 60_000);

/** The probe id a probe process was welcomed with. */
function probeIdOf(probe: ProbeProcess): string {
  const line = probe.lines.find((candidate) => /connected to the control plane/.test(candidate)) ?? '';
  const id = /\(probe ([0-9a-f-]{36})\)/.exec(line)?.[1];
  if (!id) throw new Error(`probe not connected:\n${probe.lines.join('\n')}`);
  return id;
}

/** The monitor count of a probe's newest "assignments: N monitors" line (0 before any). */
function assignedCount(probe: ProbeProcess): number {
  const line = probe.lines.findLast((candidate) => /assignments: \d+ monitors/.test(candidate));
  return Number(/assignments: (\d+)/.exec(line ?? '')?.[1] ?? 0);
}

/** For each monitor, the probes whose results started at or after `since` (only monitors with ≥ `count` results). */
async function probesPerMonitor(since: Date, count: number): Promise<Map<string, string[]>> {
  const response = await services.results.client.query({
    query: `SELECT toString(monitor_id) AS monitor, groupUniqArray(toString(probe_id)) AS probes,
        uniqExact(result_id) AS results
      FROM ${table} WHERE monitor_id IN {ids:Array(UUID)} AND started_at >= {since:DateTime64(3)}
      GROUP BY monitor_id`,
    query_params: { ids: monitorIds, since: since.getTime() / 1000 },
    format: 'JSONEachRow',
  });
  const rows = await response.json<{ monitor: string; probes: string[]; results: string | number }>();
  return new Map(rows.filter((row) => Number(row.results) >= count).map((row) => [row.monitor, row.probes]));
}

/** Waits until every monitor has `count` results since `since`, then returns which probes checked each. */
async function checkedSince(since: Date, count = 2): Promise<Map<string, string[]>> {
  return eventually(
    () => probesPerMonitor(since, count),
    (byMonitor) => byMonitor.size === monitorIds.length,
    20_000,
  );
}

/** Probe streams an instance holds in eu-west, from its Prometheus metrics. */
async function connectedProbes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith('vantage_probes_connected{region="eu-west"}'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

const downMails = () => mail.messages.filter((message) => /Checkout is down/.test(message.subject));
const recoveredMails = () => mail.messages.filter((message) => /Checkout recovered/.test(message.subject));

async function deliveryKinds(api: ApiClient): Promise<string[]> {
  const { body } = await api.get(`${org}/alert-channels/${channelId}/deliveries`);
  return (body.items as { kind: string; status: string }[])
    .map((item) => `${item.kind}:${item.status}`)
    .sort();
}

/** Waits until Checkout has `k` more results evaluated (stored and judged) than now. */
async function afterEvaluated(k: number): Promise<void> {
  const sinceMs = Date.now();
  const times = await eventually(
    async () => {
      const response = await services.results.client.query({
        query: `SELECT toUnixTimestamp64Milli(started_at) AS ms FROM ${table}
          WHERE monitor_id = {id:UUID} AND started_at > {since:DateTime64(3)} ORDER BY started_at`,
        query_params: { id: checkoutId, since: sinceMs / 1000 },
        format: 'JSONEachRow',
      });
      return (await response.json<{ ms: string | number }>()).map((row) => Number(row.ms));
    },
    (stored) => stored.length >= k,
    k * 1_000 + 10_000,
  );
  await eventually(
    () =>
      services.db.oneFirst(sql.type(z.object({ ms: z.number() }))`
        SELECT coalesce(max(extract(epoch FROM last_check_at) * 1000), 0)::float8 AS ms
        FROM monitor_region_states WHERE monitor_id = ${checkoutId}`),
    (evaluated) => evaluated >= times[k - 1]!,
    5_000,
  );
}

describe('two control-plane instances sharing Postgres, ClickHouse and Redis', () => {
  it('split one region between probes held by different instances: every monitor checked by exactly one probe', {
    timeout: 40_000,
  }, async () => {
    expect(await connectedProbes(first.url)).toBe(1);
    expect(await connectedProbes(second.url)).toBe(1);
    await eventually(
      () => probes.map(assignedCount),
      (counts) => counts[0]! + counts[1]! === monitorIds.length && counts.every((count) => count > 0),
      10_000,
    );
    const byMonitor = await checkedSince(new Date());
    expect([...byMonitor.values()].every((checkedBy) => checkedBy.length === 1)).toBe(true);
    expect(new Set([...byMonitor.values()].flat())).toEqual(new Set(probes.map(probeIdOf)));
  });

  it('page exactly once for a failing target although both instances run evaluators and workers', {
    timeout: 40_000,
  }, async () => {
    failing.set('eu-west', 'down');
    await mail.waitFor(alertAddress, /Checkout is down/, 15_000);
    await afterEvaluated(3);
    expect(downMails()).toHaveLength(1);
    failing.set('eu-west', 'up');
    await mail.waitFor(alertAddress, /Checkout recovered/, 15_000);
    await afterEvaluated(2);
    expect(recoveredMails()).toHaveLength(1);
    expect(await deliveryKinds(client)).toEqual(['monitor.down:delivered', 'monitor.recovered:delivered']);
  });

  it('when one instance stops, its probe reconnects to the other, the region is shared again and a failure still pages once', {
    timeout: 60_000,
  }, async () => {
    // The balancer sends new connections to B; A's stop then ends its probe streams.
    balancer.route(second.grpcPort);
    await first.stop();
    firstStopped = true;
    const [viaBalancer] = probes;
    await viaBalancer!.waitForLine(/connected to the control plane/, 2, 20_000);
    await eventually(
      () => connectedProbes(second.url),
      (count) => count === 2,
      10_000,
    );
    // Converged: the reconnected probe took its share back and the other dropped it.
    await eventually(
      () => probes.map(assignedCount),
      (counts) => counts[0]! + counts[1]! === monitorIds.length && counts.every((count) => count > 0),
      10_000,
    );
    const byMonitor = await checkedSince(new Date());
    expect([...byMonitor.values()].every((checkedBy) => checkedBy.length === 1)).toBe(true);
    expect(new Set([...byMonitor.values()].flat())).toEqual(new Set(probes.map(probeIdOf)));

    const api = new ApiClient(second.url);
    api.cookie = client.cookie;
    failing.set('eu-west', 'down');
    await eventually(downMails, (mails) => mails.length === 2, 15_000);
    await afterEvaluated(3);
    expect(downMails()).toHaveLength(2);
    expect(await deliveryKinds(api)).toEqual([
      'monitor.down:delivered',
      'monitor.down:delivered',
      'monitor.recovered:delivered',
    ]);
    const open = await api.get(`${org}/incidents?status=open&limit=10`);
    expect(open.body.items).toHaveLength(1);
  });
});
