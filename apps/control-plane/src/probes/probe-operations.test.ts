import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestServices } from '@vantage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { startCountingTarget } from '../test-support/counting-target.ts';
import { eventually } from '../test-support/monitors.ts';
import { type ProbeProcess, startProbeProcess } from '../test-support/probe-process.ts';
import { startTcpBalancer } from '../test-support/tcp-balancer.ts';

// The probe as operators run it: what it prints at start, its /healthz and /metrics, and an upgrade
// (SIGTERM, start the new version) while the control plane is unreachable — with a state directory the
// buffered results reach ClickHouse after the restart; without one they are lost, and the log says so.

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
// The probes dial through a balancer, so the test can cut them off from the control plane.
const balancer = await startTcpBalancer(controlPlane.grpcPort);
const target = await startCountingTarget();
const stateDir = await mkdtemp(join(tmpdir(), 'vantage-probe-state-'));
const probes: ProbeProcess[] = [];
afterAll(async () => {
  await Promise.all(probes.map((probe) => probe.kill()));
  await controlPlane.stop();
  await balancer.close();
  await target.close();
  await rm(stateDir, { recursive: true, force: true });
});

const { client, orgSlug } = await registerUser(controlPlane.url);
const table = `${services.results.database}.check_results_v1`;

beforeAll(async () => {
  await services.results.client.command({ query: `SYSTEM STOP MERGES ${table}` });
});

interface Monitor {
  id: string;
  name: string;
}

async function setUpRegion(region: string, count: number) {
  expect((await client.post('/admin/regions', { id: region, name: region, location: '' })).status).toBe(201);
  const issued = await client.post('/admin/probe-tokens', { regionId: region, name: `ops ${region}` });
  const monitors: Monitor[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `${region}-${i}-${randomUUID().slice(0, 8)}`;
    const created = await client.post(`/orgs/${orgSlug}/monitors`, {
      type: 'http',
      name,
      url: target.url(name),
      intervalSeconds: 1,
      timeoutMs: 900,
      regions: [region],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    monitors.push({ id: created.body.id, name });
  }
  return { token: issued.body.token as string, monitors };
}

function startProbe(token: string, region: string, args: string[] = []): ProbeProcess {
  const probe = startProbeProcess({ grpcPort: balancer.port, token, region, args });
  probes.push(probe);
  return probe;
}

/** The status server's base URL the probe printed at start. */
async function statusUrlOf(probe: ProbeProcess): Promise<string> {
  await probe.waitForLine(/health: http:\/\/\S+\/healthz/);
  const line = probe.lines.find((candidate) => /health: http/.test(candidate)) ?? '';
  return /health: (http:\/\/\S+)\/healthz/.exec(line)![1]!;
}

async function health(url: string) {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function metric(url: string, name: string, ...fragments: string[]): Promise<number | null> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(name) && fragments.every((part) => candidate.includes(part)));
  return line === undefined ? null : Number(line.split(' ').at(-1));
}

/** Rows and distinct results stored per monitor name (of checks started before `beforeMs`, when given). */
async function stored(
  monitors: Monitor[],
  beforeMs = Date.now() + 3_600_000,
): Promise<Record<string, { rows: number; results: number }>> {
  const response = await services.results.client.query({
    query: `SELECT toString(monitor_id) AS monitor, count() AS rows, uniqExact(result_id) AS results
      FROM ${table} WHERE monitor_id IN {ids:Array(UUID)} AND started_at < {before:DateTime64(3)}
      GROUP BY monitor_id`,
    query_params: { ids: monitors.map((monitor) => monitor.id), before: beforeMs / 1000 },
    format: 'JSONEachRow',
  });
  const rows = await response.json<{ monitor: string; rows: string | number; results: string | number }>();
  return Object.fromEntries(
    monitors.map(({ id, name }) => {
      const row = rows.find((candidate) => candidate.monitor === id);
      return [name, { rows: Number(row?.rows ?? 0), results: Number(row?.results ?? 0) }];
    }),
  );
}

const received = (monitors: Monitor[]) =>
  Object.fromEntries(monitors.map(({ name }) => [name, target.count(name)]));

/**
 * Cuts the probe off, lets every monitor be checked `count` more times, then stops it (SIGTERM). Returns
 * what the target had received by the stop and when that was.
 */
async function upgradeWhileCutOff(probe: ProbeProcess, monitors: Monitor[], count: number) {
  balancer.pause();
  await probe.waitForLine(/disconnected/);
  const atCut = received(monitors);
  await eventually(
    () => received(monitors),
    (now) => monitors.every(({ name }) => now[name]! - atCut[name]! >= count),
    count * 1_000 + 10_000,
  );
  expect(await probe.stop()).toBe(0);
  const stoppedAtMs = Date.now();
  const atStop = received(monitors);
  balancer.resume();
  return { atStop, stoppedAtMs };
}

describe('vantage-probe as operators run it', () => {
  it('prints its region, control plane and status, and serves /healthz and /metrics on loopback', {
    timeout: 60_000,
  }, async () => {
    const { token, monitors } = await setUpRegion('eu-west', 2);
    const probe = startProbe(token, 'eu-west', ['--metrics-port', '0']);
    const url = await statusUrlOf(probe);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(probe.lines.join('\n')).toMatch(/region: eu-west/);
    expect(probe.lines.join('\n')).toMatch(
      new RegExp(`control plane: 127\\.0\\.0\\.1:${balancer.port} over plain text`),
    );
    expect(probe.lines.join('\n')).toMatch(/status: connecting/);
    await probe.waitForLine(/connected to the control plane as region eu-west/);

    const connected = await eventually(
      () => health(url),
      (answer) => answer.status === 200,
    );
    expect(connected.body).toMatchObject({ status: 'ok', state: 'connected', region: 'eu-west' });
    await eventually(
      () => metric(url, 'vantage_probe_checks_total', 'kind="http"', 'outcome="ok"'),
      (checks) => (checks ?? 0) >= monitors.length,
    );
    expect(await metric(url, 'vantage_probe_stream_state', 'state="connected"')).toBe(1);
    expect(await metric(url, 'vantage_probe_assigned_monitors')).toBe(2);

    balancer.pause();
    const cut = await eventually(
      () => health(url),
      (answer) => answer.status === 503,
    );
    expect(['connecting', 'disconnected']).toContain(cut.body.state);
    await eventually(
      () => metric(url, 'vantage_probe_buffer_results', 'state="unacked"'),
      (unacked) => (unacked ?? 0) > 0,
    );
    expect(await metric(url, 'vantage_probe_stream_state', 'state="connected"')).toBe(0);
    balancer.resume();
    await eventually(
      () => health(url),
      (answer) => answer.status === 200,
      40_000,
    );
    expect(await probe.stop()).toBe(0);
  });

  it('with --state-dir, an upgrade while cut off delivers the buffered results once the new process connects', {
    timeout: 60_000,
  }, async () => {
    const { token, monitors } = await setUpRegion('us-east', 3);
    const first = startProbe(token, 'us-east', ['--state-dir', stateDir]);
    await first.waitForLine(/assignments: 3 monitors/);
    const { atStop, stoppedAtMs } = await upgradeWhileCutOff(first, monitors, 2);
    const saved = Number(/saved (\d+) unacknowledged results/.exec(first.lines.join('\n'))?.[1] ?? 0);
    expect(saved).toBeGreaterThanOrEqual(2 * monitors.length);

    const second = startProbe(token, 'us-east', ['--state-dir', stateDir]);
    await second.waitForLine(new RegExp(`loaded ${saved} unacknowledged results`));
    await second.waitForLine(/connected to the control plane/);
    await second.waitForLine(/re-sending \d+ unacknowledged result batches/);
    // Every check the first process made reached ClickHouse exactly once (a check in flight at the
    // SIGTERM, if there was one, is cut off before it has a result).
    const counts = await eventually(
      () => stored(monitors, stoppedAtMs),
      (now) => monitors.every(({ name }) => now[name]!.results >= atStop[name]! - 1),
      15_000,
    );
    for (const { name } of monitors) {
      expect(counts[name]!.results).toBeLessThanOrEqual(atStop[name]!);
      expect(counts[name]!.rows).toBe(counts[name]!.results);
    }
    expect(await second.stop()).toBe(0);
  });

  it('without a state directory the same upgrade loses what was buffered, and the probe says so', {
    timeout: 60_000,
  }, async () => {
    const { token, monitors } = await setUpRegion('ap-south', 2);
    const first = startProbe(token, 'ap-south');
    await first.waitForLine(/assignments: 2 monitors/);
    const { atStop, stoppedAtMs } = await upgradeWhileCutOff(first, monitors, 2);
    expect(first.lines.join('\n')).toMatch(/stopping with \d+ unacknowledged results/);
    const second = startProbe(token, 'ap-south');
    await second.waitForLine(/connected to the control plane/);
    // Once the new process's own results are stored, nothing of the old one can still arrive.
    await eventually(
      async () => Object.values(await stored(monitors)).map((count) => count.results),
      (now) => now.every((count, index) => count > atStop[monitors[index]!.name]!),
      15_000,
    );
    const before = await stored(monitors, stoppedAtMs);
    for (const { name } of monitors) expect(atStop[name]! - before[name]!.results).toBeGreaterThanOrEqual(2);
    expect(await second.stop()).toBe(0);
  });
});
