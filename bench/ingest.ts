import pg from 'pg';
import type { SeededAccount } from './rest.ts';
import type { BenchSystem } from './system.ts';
import type { Row } from './table.ts';
import { runWorker } from './worker.ts';
import type { LoadPlan } from './workers/ingest-load.ts';

interface LoadReport {
  ackedResults: number;
  ackedBatches: number;
  elapsedMs: number;
  resultsPerSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

const streams = 3;
/** One result per monitor in every batch: the probe's batch size. */
const monitorCount = 500;
const batchesPerStream = 250;
const budgetResultsPerSecond = 20_000;

/** Adds `monitorCount` monitors (copies of a seeded one, assigned to no region) and returns their ids. */
async function insertMonitors(system: BenchSystem): Promise<string[]> {
  const db = new pg.Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO monitors (org_id, name, type, spec, regions, created_by)
       SELECT m.org_id, 'Ingest ' || g, m.type, m.spec, '{}', m.created_by
       FROM (SELECT * FROM monitors ORDER BY created_at LIMIT 1) m, generate_series(1, $1::int) g
       RETURNING id`,
      [monitorCount],
    );
    return rows.map((row) => row.id);
  } finally {
    await db.end();
  }
}

/** How many results of `monitorId` the results API lists (at most 1000). */
async function listedResults(system: BenchSystem, account: SeededAccount, monitorId: string) {
  const url = `${system.apiUrl}/api/v1/orgs/${account.orgSlug}/monitors/${monitorId}/results?limit=1000`;
  const response = await fetch(url, { headers: { cookie: account.cookie } });
  if (!response.ok) throw new Error(`results API: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { items: unknown[] }).items.length;
}

/** Monitors whose listed result count differs from what was acknowledged (checked 8 at a time). */
async function unverified(system: BenchSystem, account: SeededAccount, ids: string[], expected: number) {
  let wrong = 0;
  for (let i = 0; i < ids.length; i += 8) {
    const counts = await Promise.all(ids.slice(i, i + 8).map((id) => listedResults(system, account, id)));
    wrong += counts.filter((count) => count !== expected).length;
  }
  return wrong;
}

/** End-to-end results/s: gRPC streams → control plane ingest → ClickHouse, acknowledged when durable. */
export async function measureIngest(system: BenchSystem, account: SeededAccount): Promise<Row> {
  const monitorIds = await insertMonitors(system);
  const tokens: string[] = [];
  for (let i = 0; i < streams; i += 1) {
    tokens.push(await system.cli(['probes', 'rotate-token', 'bench-ingest', `load-${i}`]));
  }
  const plan: LoadPlan = {
    address: `127.0.0.1:${system.grpcPort}`,
    tokens,
    monitorIds,
    batchesPerStream,
    window: 16,
    maxSendMs: 30_000,
  };
  const report = await runWorker<LoadReport>('ingest-load.ts', [JSON.stringify(plan)]);
  // Every acknowledged batch holds one result per monitor: each monitor must list exactly that many.
  const verifyStartMs = performance.now();
  const wrongMonitors = await unverified(system, account, monitorIds, report.ackedBatches);
  const verifyMs = performance.now() - verifyStartMs;
  process.stderr.write(`ingest: verified ${monitorIds.length} monitors in ${Math.round(verifyMs)} ms\n`);
  const sent = streams * batchesPerStream * monitorCount;
  return {
    name: `results via gRPC → ClickHouse (batches of ${monitorCount})`,
    conns: `${streams} streams`,
    rate: `${Math.round(report.resultsPerSecond)} results/s`,
    p50Ms: report.ackP50Ms,
    p99Ms: report.ackP99Ms,
    errors: wrongMonitors,
    value: `${report.ackedResults}/${sent} acked, ${monitorIds.length - wrongMonitors} monitors verified`,
    budget: `≥ ${budgetResultsPerSecond} results/s`,
    met: report.resultsPerSecond >= budgetResultsPerSecond && wrongMonitors === 0,
  };
}
