import { randomUUID } from 'node:crypto';
import { countResults, latestResults } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { orgIdOf } from '../test-support/monitors.ts';
import { checkResult, setPlan, storeMonitor, testIngest } from '../test-support/results.ts';
import { LatestResultStore } from './result-sink.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
afterAll(() => controlPlane.stop());

async function newMonitor() {
  const { orgSlug } = await registerUser(controlPlane.url);
  const orgId = await orgIdOf(services, orgSlug);
  const monitor = await storeMonitor(services, orgId, {
    type: 'http',
    name: 'Site',
    url: 'http://93.184.215.14/',
    regions: ['eu-west'],
  });
  return { orgId, monitorId: monitor.id };
}

const batchOf = (results: ReturnType<typeof checkResult>[]) => ({
  batchId: randomUUID(),
  probeId: randomUUID(),
  region: 'eu-west',
  results,
});

describe('result ingest', () => {
  it('makes a submitted batch readable, newest first, and hands it to the sink after it is durable', async () => {
    const { orgId, monitorId } = await newMonitor();
    const sink = new LatestResultStore();
    const ingest = testIngest(services, { sink });
    const older = checkResult(monitorId, { startedAt: new Date(Date.now() - 60_000) });
    const newer = checkResult(monitorId, {
      ok: false,
      failure: 'http_status',
      statusCode: 503,
      error: 'status 503',
      tlsExpiresAt: new Date('2030-01-02T03:04:05Z'),
    });
    await ingest.submit(batchOf([older, newer]));
    const stored = await latestResults(services.results, { monitorId, orgId, limit: 10 });
    expect(stored.map((result) => result.resultId)).toEqual([newer.resultId, older.resultId]);
    expect(stored[0]).toMatchObject({
      ok: false,
      failure: 'http_status',
      statusCode: 503,
      error: 'status 503',
      startedAt: newer.startedAt,
      tlsExpiresAt: new Date('2030-01-02T03:04:05Z'),
      resolvedIp: '93.184.215.14',
    });
    expect(sink.latestOf(monitorId).map((result) => result.resultId)).toEqual([newer.resultId]);
    await ingest.close();
  });

  it('never duplicates a re-sent batch, also when the durable mark was lost after the insert', async () => {
    const { orgId, monitorId } = await newMonitor();
    const ingest = testIngest(services);
    const batch = batchOf([checkResult(monitorId), checkResult(monitorId)]);
    await ingest.submit(batch);
    await ingest.submit(batch);
    expect(ingest.stats).toMatchObject({ inserts: 1, skippedBatches: 1 });
    expect(await countResults(services.results, { monitorId })).toBe(2);

    // Acked, but the mark never reached Redis: the batch is inserted again, and queries still dedupe.
    await services.redis.del(`${services.namespace}:ingest:batch:${batch.batchId}`);
    await ingest.submit(batch);
    expect(ingest.stats.inserts).toBe(2);
    expect(await countResults(services.results, { monitorId })).toBe(2);
    expect(await latestResults(services.results, { monitorId, orgId, limit: 100 })).toHaveLength(2);
    await ingest.close();
  });

  it('coalesces 3,000 results from 10 concurrent submits into one or two inserts', async () => {
    const { monitorId } = await newMonitor();
    const ingest = testIngest(services, { maxDelayMs: 1_000 });
    const batches = Array.from({ length: 10 }, () =>
      batchOf(Array.from({ length: 300 }, () => checkResult(monitorId))),
    );
    await Promise.all(batches.map((batch) => ingest.submit(batch)));
    expect(ingest.stats.inserts).toBeGreaterThanOrEqual(1);
    expect(ingest.stats.inserts).toBeLessThanOrEqual(2);
    expect(await countResults(services.results, { monitorId })).toBe(3000);
    await ingest.close();
  });

  it('flushes at once when enough rows are pending, without waiting for the delay', async () => {
    const { monitorId } = await newMonitor();
    const ingest = testIngest(services, { maxRows: 100, maxDelayMs: 60_000 });
    const startedMs = Date.now();
    await ingest.submit(batchOf(Array.from({ length: 100 }, () => checkResult(monitorId))));
    expect(Date.now() - startedMs).toBeLessThan(10_000);
    expect(await countResults(services.results, { monitorId })).toBe(100);
    await ingest.close();
  });

  it('rejects every submit of a flush when ClickHouse refuses the insert, and marks nothing durable', async () => {
    const { monitorId } = await newMonitor();
    const broken = { client: services.results.client, database: `missing_${randomUUID().slice(0, 8)}` };
    const ingest = testIngest(services, { results: broken });
    const batches = [batchOf([checkResult(monitorId)]), batchOf([checkResult(monitorId)])];
    const outcomes = await Promise.allSettled(batches.map((batch) => ingest.submit(batch)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(await services.redis.exists(`${services.namespace}:ingest:batch:${batches[0]!.batchId}`)).toBe(0);

    // The probe re-sends to a healthy ingest: stored once.
    const healthy = testIngest(services);
    await healthy.submit(batches[0]!);
    expect(await countResults(services.results, { monitorId })).toBe(1);
    await Promise.all([ingest.close(), healthy.close()]);
  });

  it.each([
    ['free', 1],
    ['pro', 90],
    ['business', 365],
    ['unlimited', 3650],
  ])('keeps results of the %s plan for %i days (row TTL)', async (plan, days) => {
    const { orgId, monitorId } = await newMonitor();
    await setPlan(services, orgId, plan);
    const ingest = testIngest(services);
    await ingest.submit(batchOf([checkResult(monitorId)]));
    const rows = await services.results.client.query({
      query: `SELECT retention_days FROM {database:Identifier}.check_results_v1 WHERE monitor_id = {id:UUID}`,
      query_params: { database: services.results.database, id: monitorId },
      format: 'JSONEachRow',
    });
    expect(await rows.json()).toEqual([{ retention_days: days }]);
    await ingest.close();
  });

  it('drops results of a deleted (unknown) monitor and still acknowledges the batch', async () => {
    const { monitorId } = await newMonitor();
    const ingest = testIngest(services);
    const ghost = randomUUID();
    await ingest.submit(batchOf([checkResult(ghost), checkResult(monitorId)]));
    expect(ingest.stats.droppedResults).toBe(1);
    expect(await countResults(services.results, { monitorId: ghost })).toBe(0);
    expect(await countResults(services.results, { monitorId })).toBe(1);
    await ingest.close();
  });

  it('writes pending rows on close, then refuses new batches', async () => {
    const { monitorId } = await newMonitor();
    const ingest = testIngest(services, { maxDelayMs: 60_000 });
    const submitted = ingest.submit(batchOf([checkResult(monitorId)]));
    await ingest.close();
    await submitted;
    expect(await countResults(services.results, { monitorId })).toBe(1);
    await expect(ingest.submit(batchOf([checkResult(monitorId)]))).rejects.toThrow(/closed/);
  });
});
