import { sql } from '@vantage/db';
import { countResults, latestResults } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { recordHeartbeatPing } from '../services/heartbeats/record-ping.ts';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { orgIdOf } from '../test-support/monitors.ts';
import { storeMonitor, testIngest } from '../test-support/results.ts';
import { nilProbeId } from './heartbeat-results.ts';
import { startHeartbeatSweeper, sweepMissedHeartbeats } from './heartbeat-sweeper.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
const ingest = testIngest(services);
afterAll(async () => {
  await ingest.close();
  await controlPlane.stop();
});
const deps = { db: services.db, ingest };
const { orgSlug } = await registerUser(controlPlane.url);
const orgId = await orgIdOf(services, orgSlug);

async function heartbeatMonitor(expectedEverySeconds = 30, graceSeconds = 0) {
  const monitor = await storeMonitor(services, orgId, {
    type: 'heartbeat',
    name: 'Nightly backup',
    expectedEverySeconds,
    graceSeconds,
  });
  return { monitorId: monitor.id, token: monitor.heartbeatToken! };
}

/** Pretends the deadline passed `agoSeconds` ago (no sleeping). */
async function deadlinePassed(monitorId: string, agoSeconds: number) {
  await services.db.query(sql.unsafe`
    UPDATE monitors SET last_ping_at = now() - make_interval(secs => ${agoSeconds + 30}),
      heartbeat_deadline_at = now() - make_interval(secs => ${agoSeconds}) WHERE id = ${monitorId}`);
}

const failingRows = async (monitorId: string) =>
  (await latestResults(services.results, { monitorId, orgId, limit: 100 })).filter((result) => !result.ok);

describe('heartbeat pings', () => {
  it('write a passing push row and move the deadline', async () => {
    const { monitorId, token } = await heartbeatMonitor();
    expect(await recordHeartbeatPing(deps, token)).toEqual({ ok: true, paused: false });
    const [row] = await latestResults(services.results, { monitorId, orgId, limit: 10 });
    expect(row).toMatchObject({ region: 'push', probeId: nilProbeId, ok: true, failure: null, totalMs: 0 });
    const deadline = await services.db.oneFirst(sql.unsafe`
      SELECT extract(epoch FROM heartbeat_deadline_at - last_ping_at)::int FROM monitors WHERE id = ${monitorId}`);
    expect(deadline).toBe(30);
  });

  it('record at most one row per second however fast a job pings', async () => {
    const { monitorId, token } = await heartbeatMonitor();
    const startedMs = Date.now();
    for (let ping = 0; ping < 5; ping += 1) await recordHeartbeatPing(deps, token);
    const elapsedSeconds = Math.ceil((Date.now() - startedMs) / 1000);
    const rows = await countResults(services.results, { monitorId });
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(rows).toBeLessThanOrEqual(Math.min(4, elapsedSeconds + 1));
  });

  it('answer 404 for an unknown token and record nothing for a paused monitor', async () => {
    await expect(recordHeartbeatPing(deps, 'no-such-token')).rejects.toMatchObject({ code: 'not_found' });
    const { monitorId, token } = await heartbeatMonitor();
    await services.db.query(sql.unsafe`UPDATE monitors SET paused = true WHERE id = ${monitorId}`);
    expect(await recordHeartbeatPing(deps, token)).toEqual({ ok: true, paused: true });
    expect(await countResults(services.results, { monitorId })).toBe(0);
  });

  it('answer 503 when the row cannot be written, and record the retry', async () => {
    const { monitorId, token } = await heartbeatMonitor();
    const broken = testIngest(services, { results: { ...services.results, database: 'missing_db' } });
    await expect(recordHeartbeatPing({ db: services.db, ingest: broken }, token)).rejects.toMatchObject({
      code: 'unavailable',
    });
    await broken.close();
    expect(await recordHeartbeatPing(deps, token)).toEqual({ ok: true, paused: false });
    expect(await countResults(services.results, { monitorId })).toBe(1);
  });
});

describe('the heartbeat sweeper', () => {
  it('writes one failing row for a missed deadline, and none again on the next pass', async () => {
    const { monitorId } = await heartbeatMonitor(30, 0);
    await deadlinePassed(monitorId, 5);
    await sweepMissedHeartbeats(services.db, ingest);
    const rows = await failingRows(monitorId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ region: 'push', failure: 'timeout', error: 'no ping within 30 s' });
    await sweepMissedHeartbeats(services.db, ingest);
    expect(await failingRows(monitorId)).toHaveLength(1);
  });

  it('writes one failing row per missed period', async () => {
    const { monitorId } = await heartbeatMonitor(30, 0);
    await deadlinePassed(monitorId, 70);
    await sweepMissedHeartbeats(services.db, ingest);
    expect(await failingRows(monitorId)).toHaveLength(3);
  });

  it('never writes the same miss twice when two instances sweep at once', async () => {
    const { monitorId } = await heartbeatMonitor(30, 0);
    await deadlinePassed(monitorId, 5);
    const other = testIngest(services);
    await Promise.all([
      sweepMissedHeartbeats(services.db, ingest),
      sweepMissedHeartbeats(services.db, other),
    ]);
    await other.close();
    expect(await countResults(services.results, { monitorId })).toBe(1);
  });

  it('runs on its timer and stops cleanly', async () => {
    const { monitorId } = await heartbeatMonitor(30, 0);
    await deadlinePassed(monitorId, 5);
    const sweeper = startHeartbeatSweeper({
      db: services.db,
      ingest,
      logger: controlPlane.context.logger,
      intervalMs: 20,
    });
    const deadline = Date.now() + 5_000;
    while ((await failingRows(monitorId)).length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await sweeper.stop();
    expect(await failingRows(monitorId)).toHaveLength(1);
  });
});
