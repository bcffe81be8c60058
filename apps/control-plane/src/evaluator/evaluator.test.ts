import { sql } from '@vantage/db';
import type { CheckResult } from '@vantage/domain';
import { type AlertEvent, alertEventSchema, bullPrefix, queueNames } from '@vantage/queue';
import { readStatusEvents } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { eventually, httpBody, insertPlatformRegions, orgIdOf } from '../test-support/monitors.ts';
import { checkResult, storeMonitor } from '../test-support/results.ts';
import { createEvaluator, type Evaluator } from './evaluator.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
const evaluator = createEvaluator(controlPlane.context);
const alertQueue = new Queue(queueNames.alertEvents, {
  connection: services.redis,
  prefix: bullPrefix(`${services.namespace}:`),
});
afterAll(async () => {
  await alertQueue.close();
  await evaluator.stop();
  await controlPlane.stop();
});
await insertPlatformRegions(services);
const owner = await registerUser(controlPlane.url);
const orgId = await orgIdOf(services, owner.orgSlug);
const regions = ['eu-west', 'us-east', 'ap-south'];

async function newMonitor(overrides: Record<string, unknown> = {}) {
  const spec = httpBody({
    regions,
    intervalSeconds: 60,
    timeoutMs: 5_000,
    degradedAboveMs: 1_000,
    ...overrides,
  });
  return (await storeMonitor(services, orgId, spec)).id;
}

/** Results of one region from a pattern ("o" passes, "f" fails, "s" is slow), one second apart. */
function series(monitorId: string, region: string, pattern: string, startMs: number): CheckResult[] {
  return [...pattern].map((code, index) =>
    checkResult(monitorId, {
      region,
      startedAt: new Date(startMs + index * 1_000),
      ok: code !== 'f',
      failure: code === 'f' ? 'http_status' : null,
      statusCode: code === 'f' ? 503 : 200,
      totalMs: code === 's' ? 2_000 : 40,
      error: code === 'f' ? 'status 503' : null,
    }),
  );
}

async function jobsOf(monitorId: string): Promise<AlertEvent[]> {
  const jobs = await alertQueue.getJobs();
  return jobs
    .map((job) => alertEventSchema.parse(job.data))
    .filter((event) => event.monitorId === monitorId)
    .sort((a, b) => a.at.localeCompare(b.at));
}

async function statusOf(monitorId: string): Promise<string> {
  return String(await services.db.oneFirst(sql.unsafe`SELECT status FROM monitors WHERE id = ${monitorId}`));
}

async function monitorTimeline(monitorId: string) {
  const events = await readStatusEvents(services.results, {
    orgId,
    monitorId,
    from: new Date(0),
    to: new Date(Date.now() + 3_600_000),
  });
  return events.filter((event) => event.scope === 'monitor').map((event) => `${event.from}>${event.to}`);
}

async function incidentsOf(monitorId: string) {
  const { body } = await owner.client.get(`/orgs/${owner.orgSlug}/incidents?limit=200`);
  return (body.items as Array<{ monitorIds: string[]; [key: string]: unknown }>).filter((incident) =>
    incident.monitorIds.includes(monitorId),
  );
}

/** Every region up: two passes each, starting `startMs`. */
const allUp = (monitorId: string, startMs: number) =>
  regions.flatMap((region) => series(monitorId, region, 'oo', startMs));

describe('evaluator', () => {
  it('one region down → degraded, two → down, back → up: one alert per transition, incident with regions', async () => {
    const monitorId = await newMonitor();
    const t = Date.now() - 60_000;
    await evaluator.accept(allUp(monitorId, t));
    expect(await statusOf(monitorId)).toBe('up');

    await evaluator.accept(series(monitorId, 'eu-west', 'ff', t + 10_000));
    expect(await statusOf(monitorId)).toBe('degraded');
    let [incident] = await incidentsOf(monitorId);
    expect(incident).toMatchObject({
      status: 'investigating',
      impact: 'minor',
      affectedRegions: ['eu-west'],
    });

    // One failure in us-east is below F = 2: still degraded.
    await evaluator.accept(series(monitorId, 'us-east', 'f', t + 12_000));
    expect(await statusOf(monitorId)).toBe('degraded');
    await evaluator.accept(series(monitorId, 'us-east', 'f', t + 13_000));
    expect(await statusOf(monitorId)).toBe('down');
    [incident] = await incidentsOf(monitorId);
    expect(incident).toMatchObject({ impact: 'major', affectedRegions: ['eu-west', 'us-east'] });

    const recovery = [
      ...series(monitorId, 'eu-west', 'oo', t + 20_000),
      ...series(monitorId, 'us-east', 'oo', t + 20_500),
    ];
    await evaluator.accept(recovery);
    expect(await statusOf(monitorId)).toBe('up');

    const kinds = (await jobsOf(monitorId)).map((event) => event.kind);
    expect(kinds.filter((kind) => kind.startsWith('monitor.'))).toEqual([
      'monitor.degraded',
      'monitor.down',
      'monitor.recovered',
    ]);
    expect(kinds.filter((kind) => kind.startsWith('incident.'))).toEqual([
      'incident.created',
      'incident.updated',
      'incident.resolved',
    ]);
    const recovered = (await jobsOf(monitorId)).find((event) => event.kind === 'monitor.recovered')!;
    expect(recovered.summary).toMatch(/Outage lasted 1\d s/);
    [incident] = await incidentsOf(monitorId);
    expect(incident).toMatchObject({ status: 'resolved', affectedRegions: ['eu-west', 'us-east'] });
    expect(incident!.durationSeconds).toBe(11);
    expect(await monitorTimeline(monitorId)).toEqual([
      'unknown>up',
      'up>degraded',
      'degraded>down',
      'down>degraded',
      'degraded>up',
    ]);

    // Re-sent results and older results change nothing.
    const before = { jobs: (await jobsOf(monitorId)).length, timeline: await monitorTimeline(monitorId) };
    await evaluator.accept(recovery);
    await evaluator.accept(series(monitorId, 'ap-south', 'fff', t - 10_000));
    expect(await statusOf(monitorId)).toBe('up');
    expect((await jobsOf(monitorId)).length).toBe(before.jobs);
    expect(await monitorTimeline(monitorId)).toEqual(before.timeline);
  });

  it('a flapping target (alternating results, F = 2) never changes state', async () => {
    const monitorId = await newMonitor({ regions: ['eu-west'] });
    const t = Date.now() - 60_000;
    await evaluator.accept(series(monitorId, 'eu-west', 'o', t));
    for (let i = 0; i < 5; i += 1)
      await evaluator.accept(series(monitorId, 'eu-west', 'fo', t + 1_000 + i * 2_000));
    expect(await statusOf(monitorId)).toBe('up');
    expect(await jobsOf(monitorId)).toEqual([]);
    expect(await monitorTimeline(monitorId)).toEqual(['unknown>up']);
  });

  it('slow passes over degradedAboveMs make the region degraded after F of them', async () => {
    const monitorId = await newMonitor({ regions: ['eu-west'] });
    const t = Date.now() - 60_000;
    await evaluator.accept(series(monitorId, 'eu-west', 'oos', t));
    expect(await statusOf(monitorId)).toBe('up');
    await evaluator.accept(series(monitorId, 'eu-west', 's', t + 3_000));
    expect(await statusOf(monitorId)).toBe('degraded');
    expect((await jobsOf(monitorId)).map((event) => event.kind)).toContain('monitor.degraded');
  });

  it('a region without fresh results turns unknown and leaves the quorum', async () => {
    const monitorId = await newMonitor({ intervalSeconds: 10, timeoutMs: 2_000 });
    // Stale after 2 × 10 s + 2 s + 5 s: ap-south's last result is 60 s old, the others are fresh.
    const t = Date.now() - 60_000;
    await evaluator.accept(allUp(monitorId, t));
    const fresh = Date.now() - 3_000;
    await evaluator.accept([
      ...series(monitorId, 'eu-west', 'ff', fresh),
      ...series(monitorId, 'us-east', 'oo', fresh),
    ]);
    // Known: eu-west (down) and us-east (up): one of two is not a majority → degraded, ap-south unknown.
    expect(await statusOf(monitorId)).toBe('degraded');
    const states = await services.db.any(sql.unsafe`
      SELECT region, shown_state FROM monitor_region_states WHERE monitor_id = ${monitorId} ORDER BY region`);
    expect(states).toEqual([
      { region: 'ap-south', shown_state: 'unknown' },
      { region: 'eu-west', shown_state: 'down' },
      { region: 'us-east', shown_state: 'up' },
    ]);
  });

  it('the sweep turns a monitor whose probes went silent unknown, without new results', async () => {
    // Stale after 2 × 1 s + 500 ms + 5 s of result delay.
    const monitorId = await newMonitor({ intervalSeconds: 1, timeoutMs: 500, degradedAboveMs: null });
    await evaluator.accept(allUp(monitorId, Date.now() - 6_500));
    expect(await statusOf(monitorId)).toBe('up');
    await eventually(
      async () => {
        await evaluator.sweep();
        return statusOf(monitorId);
      },
      (status) => status === 'unknown',
    );
    expect(await monitorTimeline(monitorId)).toEqual(['unknown>up', 'up>unknown']);
  });
});

describe('evaluator across restarts and instances', () => {
  it('keeps its state through a control-plane restart: exactly one recovery after it', async () => {
    const monitorId = await newMonitor({ regions: ['eu-west'] });
    const t = Date.now() - 60_000;
    const first = await startTestControlPlane(services);
    const before = createEvaluator(first.context);
    await before.accept([...series(monitorId, 'eu-west', 'ooff', t)]);
    await before.stop();
    await first.stop();
    expect(await statusOf(monitorId)).toBe('down');

    const second = await startTestControlPlane(services);
    const after = createEvaluator(second.context);
    await after.accept(series(monitorId, 'eu-west', 'oo', t + 10_000));
    await after.accept(series(monitorId, 'eu-west', 'oo', t + 10_000));
    await after.stop();
    await second.stop();
    expect(await statusOf(monitorId)).toBe('up');
    const kinds = (await jobsOf(monitorId))
      .map((event) => event.kind)
      .filter((kind) => kind.startsWith('monitor.'));
    expect(kinds).toEqual(['monitor.down', 'monitor.recovered']);
  });

  it('two instances fed the same results at once decide each transition once', async () => {
    const monitorId = await newMonitor();
    const other = await startTestControlPlane(services);
    const second: Evaluator = createEvaluator(other.context);
    const t = Date.now() - 60_000;
    const results = [
      ...allUp(monitorId, t),
      ...series(monitorId, 'eu-west', 'ff', t + 5_000),
      ...series(monitorId, 'us-east', 'ff', t + 5_000),
    ];
    // Each instance gets the batch in its own order and in pieces.
    await Promise.all([
      evaluator.accept(results),
      (async () => {
        for (const result of [...results].reverse()) await second.accept([result]);
      })(),
      second.accept(results.slice(3)),
    ]);
    await second.stop();
    await other.stop();
    expect(await statusOf(monitorId)).toBe('down');
    const kinds = (await jobsOf(monitorId))
      .map((event) => event.kind)
      .filter((kind) => kind.startsWith('monitor.'));
    expect(kinds.filter((kind) => kind === 'monitor.down')).toHaveLength(1);
    expect(await incidentsOf(monitorId)).toHaveLength(1);
    const timeline = await monitorTimeline(monitorId);
    expect(timeline.at(-1)).toBe('degraded>down');
    expect(new Set(timeline).size).toBe(timeline.length);
  });
});

describe('heartbeats', () => {
  it('a missed heartbeat alerts as heartbeat.missed and a ping recovers', async () => {
    const monitor = await storeMonitor(services, orgId, {
      type: 'heartbeat',
      name: 'Nightly backup',
      expectedEverySeconds: 60,
    });
    const t = Date.now() - 60_000;
    const push = (ok: boolean, at: number) =>
      checkResult(monitor.id, {
        region: 'push',
        startedAt: new Date(at),
        ok,
        failure: ok ? null : 'timeout',
      });
    await evaluator.accept([push(true, t)]);
    await evaluator.accept([push(false, t + 1_000)]);
    expect(await statusOf(monitor.id)).toBe('down');
    await evaluator.accept([push(true, t + 2_000)]);
    expect(await statusOf(monitor.id)).toBe('up');
    const kinds = (await jobsOf(monitor.id))
      .map((event) => event.kind)
      .filter((kind) => !kind.startsWith('incident'));
    expect(kinds).toEqual(['heartbeat.missed', 'monitor.recovered']);
  });
});

describe('reminders', () => {
  it('enqueues a reminder while a monitor stays down, once per period however often the timer runs', async () => {
    const monitorId = await newMonitor({ regions: ['eu-west'] });
    // Down for 25 s with a 20 s period: one reminder due, the next one 15 s away.
    const t = Date.now() - 26_000;
    await evaluator.accept(series(monitorId, 'eu-west', 'ff', t));
    const fast = createEvaluator(controlPlane.context, { reminderPeriodMs: 20_000 });
    const reminders = async () =>
      (await jobsOf(monitorId)).filter((event) => event.kind === 'monitor.reminder');
    await fast.remind();
    expect(await reminders()).toHaveLength(1);
    await fast.remind();
    await fast.stop();
    expect(await reminders()).toHaveLength(1);
    const [reminder] = await reminders();
    expect(reminder?.title).toMatch(/is still down \(for 2\d s\)/);
  });
});
