// Fills an embedded chDB with `days` of 1-minute results for `monitors` × 3 regions (generated inside
// ClickHouse by INSERT … SELECT FROM numbers(), so the rollup views fill as in production) plus a status
// timeline with a few outages per monitor, then times the real uptime and daily-bar queries.
// Usage: node query-load.ts <monitors> <days> <calls>; prints one JSON line (QueryReport).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateResults, openResultsStore, readDailyBars, readUptime } from '@vantage/results';
import { quantile } from '../table.ts';

const [monitorsText = '100', daysText = '90', callsText = '100'] = process.argv.slice(2);
const monitorCount = Number(monitorsText);
const days = Number(daysText);
const calls = Number(callsText);
const regions = ['eu-west', 'us-east', 'ap-south'];
const msPerDay = 86_400_000;
const outagesPerMonitor = 4;
const pageMonitors = 20;

const dir = await mkdtemp(join(tmpdir(), 'vantage-bench-query-'));
const store = await openResultsStore({ dataDir: dir }, 'vantage');
await migrateResults(store);

const orgId = randomUUID();
// One probe and batch id for all rows: nothing reads them, and generating them costs fill time.
const [batchId, probeId] = [randomUUID(), randomUUID()];
const monitorIds = Array.from({ length: monitorCount }, () => randomUUID());
const nowMs = Date.now();
const startMs = Math.floor((nowMs - days * msPerDay) / 60_000) * 60_000;
const minutes = Math.floor((nowMs - startMs) / 60_000);
const rowsPerMonitorRegion = minutes;
const ids = `[${monitorIds.map((id) => `toUUID('${id}')`).join(',')}]`;
const regionList = `[${regions.map((r) => `'${r}'`).join(',')}]`;

/** One insert per monitor chunk: rows = minute × region, failing where an outage is generated. */
async function insertResults(): Promise<number> {
  const perMonitor = minutes * regions.length;
  const chunk = Math.max(1, Math.floor(4_000_000 / perMonitor));
  let rows = 0;
  for (let first = 0; first < monitorCount; first += chunk) {
    const count = Math.min(chunk, monitorCount - first);
    await store.client.command({
      query: `INSERT INTO vantage.check_results_v1 (result_id, batch_id, org_id, monitor_id, region, probe_id,
          started_at, ok, failure, status_code, dns_ms, connect_ms, tls_ms, ttfb_ms, total_ms, resolved_ip, error)
        SELECT generateUUIDv4(), toUUID('${batchId}'), toUUID('${orgId}'), ${ids}[m + 1], ${regionList}[r + 1],
          toUUID('${probeId}'), fromUnixTimestamp64Milli(toInt64(${startMs} + t * 60000 + r * 1000), 'UTC'),
          (cityHash64(m, t) % 500) != 0 AS ok, if(ok, '', 'timeout'), if(ok, 200, 0),
          3, 12, 25, 48, 80 + cityHash64(t, r, m) % 60, '203.0.113.10', if(ok, '', 'No answer')
        FROM (SELECT ${first} + intDiv(number, ${perMonitor}) AS m, intDiv(number % ${perMonitor}, 3) AS t,
          number % 3 AS r FROM numbers(${count * perMonitor}))`,
      clickhouse_settings: { max_insert_threads: '2', max_block_size: '1000000' },
    });
    rows += count * perMonitor;
  }
  return rows;
}

/** Per monitor `outagesPerMonitor` outages of 5–40 minutes: region and monitor scope events. */
async function insertTimeline(): Promise<number> {
  const values: string[] = [];
  const event = (monitorId: string, scope: string, region: string, from: string, to: string, atMs: number) =>
    values.push(
      `('${randomUUID()}','${orgId}','${monitorId}','${scope}','${region}','${from}','${to}',` +
        `fromUnixTimestamp64Milli(${atMs}),'','',[])`,
    );
  for (const monitorId of monitorIds) {
    for (const region of regions) event(monitorId, 'region', region, 'unknown', 'up', startMs);
    event(monitorId, 'monitor', '', 'unknown', 'up', startMs);
    for (let k = 0; k < outagesPerMonitor; k += 1) {
      const downMs = startMs + Math.floor(Math.random() * (nowMs - startMs - 3_600_000));
      const upMs = downMs + (5 + Math.floor(Math.random() * 35)) * 60_000;
      for (const region of regions.slice(0, 2)) {
        event(monitorId, 'region', region, 'up', 'down', downMs);
        event(monitorId, 'region', region, 'down', 'up', upMs);
      }
      event(monitorId, 'monitor', '', 'up', 'down', downMs + 1);
      event(monitorId, 'monitor', '', 'down', 'up', upMs + 1);
    }
  }
  await store.client.command({
    query: `INSERT INTO vantage.status_events_v1 (event_id, org_id, monitor_id, scope, region, from_state,
      to_state, at, failure, error, affected_regions) VALUES ${values.join(',')}`,
  });
  return values.length;
}

const uptimeOf = (monitorId: string) =>
  readUptime(store, { orgId, monitorId, from: new Date(nowMs - days * msPerDay), to: new Date(), regions });
const barsOf = (monitorId: string) => readDailyBars(store, { orgId, monitorId, days, regions });

async function timed(run: (i: number) => Promise<unknown>, times: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const t0 = performance.now();
    await run(i);
    latencies.push(performance.now() - t0);
  }
  return latencies.sort((a, b) => a - b);
}

const stats = (sorted: number[]) => ({ p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) });

try {
  const fillStartMs = performance.now();
  const rows = await insertResults();
  const events = await insertTimeline();
  const fillMs = performance.now() - fillStartMs;
  const pick = (i: number) => monitorIds[i % monitorIds.length]!;
  // Warm-up: the first reads open parts and fill caches, as a running server would have.
  await timed((i) => Promise.all([uptimeOf(pick(i)), barsOf(pick(i))]), 10);
  const uptime = await timed((i) => uptimeOf(pick(i)), calls);
  const bars = await timed((i) => barsOf(pick(i)), calls);
  const page = await timed(
    (i) =>
      Promise.all(
        Array.from({ length: pageMonitors }, (_, k) => pick(i * pageMonitors + k)).flatMap((id) => [
          uptimeOf(id),
          barsOf(id),
        ]),
      ),
    Math.max(10, Math.floor(calls / 5)),
  );
  const check = await uptimeOf(monitorIds[0]!);
  process.stdout.write(
    `${JSON.stringify({
      rows,
      events,
      rowsPerMonitorRegion,
      fillMs,
      checksCounted: check.overall.checks,
      uptime: stats(uptime),
      bars: stats(bars),
      page: { ...stats(page), monitors: pageMonitors, calls: page.length },
    })}\n`,
  );
} finally {
  await store.client.close();
  await rm(dir, { recursive: true, force: true });
}
