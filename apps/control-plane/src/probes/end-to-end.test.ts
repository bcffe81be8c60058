import { randomUUID } from 'node:crypto';
import { useTestServices } from '@vantage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { startCountingTarget } from '../test-support/counting-target.ts';
import { eventually } from '../test-support/monitors.ts';
import { type ProbeProcess, startProbeProcess } from '../test-support/probe-process.ts';

// Real control plane, real probe processes, a target that counts what it receives: every check the
// target saw must end up in ClickHouse exactly once, whatever fails in between.

const services = await useTestServices();
let controlPlane = await startTestControlPlane(services);
const target = await startCountingTarget();
const probes: ProbeProcess[] = [];
afterAll(async () => {
  await Promise.all(probes.map((probe) => probe.kill()));
  await controlPlane.stop();
  await target.close();
});

// The first account of a self-hosted install is an operator; its organization is on the unlimited plan.
const { client, orgSlug } = await registerUser(controlPlane.url);
const table = `${services.results.database}.check_results_v1`;

beforeAll(async () => {
  // Without merges a duplicated result_id stays visible as a second row instead of being merged away.
  await services.results.client.command({ query: `SYSTEM STOP MERGES ${table}` });
});

interface Monitor {
  id: string;
  name: string;
}

/** A region, a probe token for it and `count` http monitors at 1 s on the counting target. */
async function setUpRegion(region: string, count: number) {
  expect((await client.post('/admin/regions', { id: region, name: region, location: '' })).status).toBe(201);
  const issued = await client.post('/admin/probe-tokens', { regionId: region, name: `e2e ${region}` });
  expect(issued.status).toBe(201);
  const monitors: Monitor[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `${region}-${i}-${randomUUID().slice(0, 8)}`;
    const body = {
      type: 'http',
      name,
      url: target.url(name),
      intervalSeconds: 1,
      timeoutMs: 900,
      regions: [region],
    };
    const created = await client.post(`/orgs/${orgSlug}/monitors`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    monitors.push({ id: created.body.id, name });
  }
  return { token: issued.body.token as string, monitors };
}

function startProbe(token: string, region: string): ProbeProcess {
  const probe = startProbeProcess({ grpcPort: controlPlane.grpcPort, token, region });
  probes.push(probe);
  return probe;
}

/** The probe id the control plane welcomed this probe process with. */
function probeIdOf(probe: ProbeProcess): string {
  const line = probe.lines.find((candidate) => /connected to the control plane/.test(candidate));
  const id = line === undefined ? undefined : /\(probe ([0-9a-f-]{36})\)/.exec(line)?.[1];
  if (id === undefined) throw new Error(`probe not connected:\n${probe.lines.join('\n')}`);
  return id;
}

/** Rows and distinct result ids stored for each monitor (of one probe, when given). */
async function stored(monitors: Monitor[], probeId?: string) {
  const byProbe = probeId === undefined ? '' : 'AND probe_id = {probeId:UUID}';
  const response = await services.results.client.query({
    query: `SELECT toString(monitor_id) AS monitor, count() AS rows, uniqExact(result_id) AS results
      FROM ${table} WHERE monitor_id IN {ids:Array(UUID)} ${byProbe} GROUP BY monitor_id`,
    query_params: { ids: monitors.map((monitor) => monitor.id), probeId },
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

/** Distinct result counts per monitor name. */
async function storedResults(monitors: Monitor[], probeId?: string): Promise<Record<string, number>> {
  const counts = await stored(monitors, probeId);
  return Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, count.results]));
}

/** Requests the target received per monitor name, minus `offset` (what an earlier probe caused). */
function received(monitors: Monitor[], offset: Record<string, number> = {}): Record<string, number> {
  return Object.fromEntries(monitors.map(({ name }) => [name, target.count(name) - (offset[name] ?? 0)]));
}

/** Waits until every monitor has at least `count` stored results. */
async function waitForStored(monitors: Monitor[], count: number, timeoutMs = 15_000): Promise<void> {
  await eventually(
    () => storedResults(monitors),
    (counts) => Object.values(counts).every((value) => value >= count),
    timeoutMs,
  );
}

/**
 * Pauses the monitors (the probe lets a running check finish and report), waits until the probe has
 * dropped them and what it stored equals what the target saw, then stops the probe gracefully.
 */
async function quiesce(probe: ProbeProcess, monitors: Monitor[], since?: Record<string, number>) {
  const emptied = probe.lines.filter((line) => /assignments: 0 monitors/.test(line)).length;
  for (const { id } of monitors) {
    expect((await client.post(`/orgs/${orgSlug}/monitors/${id}/pause`)).status).toBe(200);
  }
  await probe.waitForLine(/assignments: 0 monitors/, emptied + 1);
  // After `since` (counts an earlier probe caused), only this probe's results are compared.
  const probeId = since === undefined ? undefined : probeIdOf(probe);
  await eventually(
    async () => ({ stored: await storedResults(monitors, probeId), received: received(monitors, since) }),
    (counts) => JSON.stringify(counts.stored) === JSON.stringify(counts.received),
    15_000,
  );
  expect(await probe.stop()).toBe(0);
  expect(probe.lines.filter((line) => /unacknowledged results|dropped/.test(line))).toEqual([]);
}

/** Stored result ids per monitor name. */
async function storedIds(monitors: Monitor[]): Promise<Record<string, string[]>> {
  const response = await services.results.client.query({
    query: `SELECT toString(monitor_id) AS monitor, toString(result_id) AS id FROM ${table}
      WHERE monitor_id IN {ids:Array(UUID)}`,
    query_params: { ids: monitors.map((monitor) => monitor.id) },
    format: 'JSONEachRow',
  });
  const rows = await response.json<{ monitor: string; id: string }>();
  return Object.fromEntries(
    monitors.map(({ id, name }) => [name, rows.filter((row) => row.monitor === id).map((row) => row.id)]),
  );
}

/** Asserts that every result of a batch is stored the same number of times (a re-send, not a stray copy). */
async function expectWholeBatchDuplicatesOnly(monitors: Monitor[]): Promise<void> {
  const response = await services.results.client.query({
    query: `SELECT toString(batch_id) AS batch, max(copies) AS most, min(copies) AS least
      FROM (SELECT batch_id, result_id, count() AS copies FROM ${table}
        WHERE monitor_id IN {ids:Array(UUID)} GROUP BY batch_id, result_id)
      GROUP BY batch_id HAVING most != least`,
    query_params: { ids: monitors.map((monitor) => monitor.id) },
    format: 'JSONEachRow',
  });
  expect(await response.json()).toEqual([]);
}

/** Asserts that no result id is stored twice (merges are stopped, so duplicates would show). */
async function expectNoDuplicates(monitors: Monitor[]): Promise<void> {
  for (const [name, count] of Object.entries(await stored(monitors))) {
    expect({ name, rows: count.rows }).toEqual({ name, rows: count.results });
  }
}

describe('probe to ClickHouse, end to end', () => {
  it('stores exactly one result per check the target received', { timeout: 30_000 }, async () => {
    const { token, monitors } = await setUpRegion('eu-west', 3);
    const probe = startProbe(token, 'eu-west');
    await waitForStored(monitors, 5);
    await quiesce(probe, monitors);
    const counts = await storedResults(monitors);
    expect(counts).toEqual(received(monitors));
    await expectNoDuplicates(monitors);
    // And the results API shows the same checks.
    for (const { id, name } of monitors) {
      const response = await client.get(`/orgs/${orgSlug}/monitors/${id}/results?limit=1000`);
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(counts[name]!);
      expect(response.body.items.every((result: { ok: boolean }) => result.ok)).toBe(true);
    }
  });

  it('loses only unacknowledged results when a probe is killed mid-batch, and duplicates none', {
    timeout: 30_000,
  }, async () => {
    const { token, monitors } = await setUpRegion('us-east', 3);
    const first = startProbe(token, 'us-east');
    await waitForStored(monitors, 3);
    // Kill right after a check reached the target: its result is in the open batch, not yet sent.
    const [watched] = monitors;
    const seen = target.count(watched!.name);
    await eventually(
      () => target.count(watched!.name),
      (count) => count > seen,
    );
    const before = await storedIds(monitors);
    expect(await first.kill()).toBe('SIGKILL');
    const atKill = received(monitors);

    const second = startProbe(token, 'us-east');
    await second.waitForLine(/connected to the control plane/);
    await eventually(
      () => received(monitors, atKill),
      (counts) => Object.values(counts).every((count) => count >= 2),
    );
    // Everything the restarted probe checked arrives; then compare what the killed one left behind.
    await quiesce(second, monitors, atKill);
    const after = await storedIds(monitors);
    const firstProbe = await storedResults(monitors, probeIdOf(first));
    // The guarantee: an acknowledged result is stored (acks follow the insert), so everything stored
    // before the kill survives; only results not yet stored then (the open batch, batches in transit,
    // the check in flight: about 1 s of flush plus 1 s of ingest delay) may be lost, never duplicated.
    for (const { name } of monitors) {
      expect(before[name]!.filter((id) => !after[name]!.includes(id))).toEqual([]);
      const lost = atKill[name]! - firstProbe[name]!;
      expect(lost).toBeGreaterThanOrEqual(0);
      expect(lost).toBeLessThanOrEqual(atKill[name]! - before[name]!.length);
    }
    await expectNoDuplicates(monitors);
  });

  it('re-sends what was unacknowledged after the control plane restarts, storing each check once', {
    timeout: 40_000,
  }, async () => {
    const { token, monitors } = await setUpRegion('ap-southeast', 3);
    const probe = startProbe(token, 'ap-southeast');
    await waitForStored(monitors, 2);
    const { grpcPort } = controlPlane;
    await controlPlane.stop();
    // While the control plane is down the probe keeps checking and keeps the results.
    const down = received(monitors);
    await eventually(
      () => received(monitors, down),
      (counts) => Object.values(counts).every((count) => count >= 2),
    );
    controlPlane = await startTestControlPlane(services, {
      GRPC_PORT: String(grpcPort),
      PORT: new URL(client.baseUrl).port,
    });
    await probe.waitForLine(/connected to the control plane/, 2, 20_000);
    await probe.waitForLine(/re-sending \d+ unacknowledged result batches/);
    await quiesce(probe, monitors);
    expect(await storedResults(monitors)).toEqual(received(monitors));
    await expectNoDuplicates(monitors);
  });

  it('keeps batches through a ClickHouse outage and stores each check once after it', {
    timeout: 40_000,
  }, async () => {
    const { token, monitors } = await setUpRegion('eu-central', 3);
    const probe = startProbe(token, 'eu-central');
    await waitForStored(monitors, 2);
    const command = (query: string) => services.results.client.command({ query });
    await command(`RENAME TABLE ${table} TO ${table}_away`);
    try {
      const start = received(monitors);
      await eventually(
        () => received(monitors, start),
        (counts) => Object.values(counts).every((count) => count >= 5),
        15_000,
      );
    } finally {
      await command(`RENAME TABLE ${table}_away TO ${table}`);
    }
    await probe.waitForLine(/re-sending \d+ result batches unacknowledged/);
    await quiesce(probe, monitors);
    const counts = await storedResults(monitors);
    expect(counts).toEqual(received(monitors));
    // An insert cut by the outage can write the raw rows yet fail (a rollup view reading the renamed
    // table), so its re-sent batch may be stored twice. Raw rows are deduplicated by result id (a
    // ReplacingMergeTree read with LIMIT 1 BY), so readers still see each check once; any duplicate
    // must be a whole re-sent batch, never a stray result.
    await expectWholeBatchDuplicatesOnly(monitors);
    for (const { id, name } of monitors) {
      const response = await client.get(`/orgs/${orgSlug}/monitors/${id}/results?limit=1000`);
      expect(response.body.items).toHaveLength(counts[name]!);
    }
  });
});
