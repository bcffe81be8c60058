// Drives the control plane's real evaluator (`createEvaluator(…).accept`) on its own Postgres, Redis and
// chDB with `monitors` http monitors × 3 regions at 60 s: each batch is one round of checks (one result per
// monitor and region, in check-time order), as the ingest hands a full flush to its sink. 1 % of the
// monitors fail for three rounds (down, then recovered), so a few state changes and alerts happen.
// Usage: node evaluator-load.ts <monitors> <rounds>; prints one JSON line (EvaluatorReport).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabasePool, insertOrganization, migrateDatabase, sql } from '@vantage/db';
import { type CheckResult, monitorSpecSchema } from '@vantage/domain';
import { createRedis } from '@vantage/queue';
import { migrateResults, openResultsStore } from '@vantage/results';
import { freePort, startEmbeddedPostgres, startRedisServer } from '@vantage/testing';
import { pino } from 'pino';
import { loadConfig } from '../../apps/control-plane/src/config.ts';
import { createEvaluator } from '../../apps/control-plane/src/evaluator/index.ts';
import { quantile } from '../table.ts';

const [monitorsText = '1000', roundsText = '8'] = process.argv.slice(2);
const monitorCount = Number(monitorsText);
const rounds = Number(roundsText);
const regions = ['eu-west', 'us-east', 'ap-south'];

const scratch = await mkdtemp(join(tmpdir(), 'vantage-bench-eval-'));
const postgres = await startEmbeddedPostgres({
  dataDir: join(scratch, 'pg'),
  port: await freePort(),
  scratchDir: scratch,
});
const redisServer = await startRedisServer({
  dataDir: join(scratch, 'redis'),
  port: await freePort(),
  persistent: false,
});
const config = loadConfig({
  DATABASE_URL: postgres.url,
  REDIS_URL: redisServer.url,
  CLICKHOUSE_DATA_DIR: join(scratch, 'clickhouse'),
  LOG_LEVEL: 'warn',
});
await migrateDatabase(config.databaseUrl);
const db = await createDatabasePool(config.databaseUrl);
const results = await openResultsStore({ dataDir: join(scratch, 'clickhouse') }, 'vantage');
await migrateResults(results);
const redis = createRedis(config.redisUrl);
const logger = pino({ level: 'warn' });
const evaluator = createEvaluator({ db, results, redis, config, logger });

/** Inserts the monitors in one statement; returns their ids. */
async function insertMonitors(): Promise<string[]> {
  const org = await insertOrganization(db, { slug: 'bench-eval', name: 'Bench', plan: 'unlimited' });
  if (!org) throw new Error('organization not created');
  const spec = monitorSpecSchema.parse({
    type: 'http',
    name: 'Eval',
    url: 'https://service.example.com/health',
    intervalSeconds: 60,
    regions,
  });
  const ids = await db.anyFirst(sql.unsafe`
    INSERT INTO monitors (org_id, name, type, spec, regions)
    SELECT ${org.id}, 'Eval ' || g, 'http', ${sql.jsonb(spec)}, ${sql.array(regions, 'text')}
    FROM generate_series(1, ${monitorCount}::int) g RETURNING id::text`);
  return ids.map(String);
}

const probeIds = regions.map(() => randomUUID());
const startMs = Date.now() - (rounds + 2) * 60_000;

/** Round `k`: one result per monitor and region, regions a second apart (check-time order). */
function round(monitorIds: readonly string[], k: number): CheckResult[] {
  return regions.flatMap((region, r) =>
    monitorIds.map((monitorId, i): CheckResult => {
      const ok = !(i % 100 === 0 && k >= 2 && k < 5);
      return {
        resultId: randomUUID(),
        monitorId,
        region,
        probeId: probeIds[r]!,
        startedAt: new Date(startMs + k * 60_000 + r * 1_000 + (i % 1000)),
        checkRequestId: null,
        ok,
        failure: ok ? null : 'http_status',
        statusCode: ok ? 200 : 503,
        dnsMs: 3,
        connectMs: 12,
        tlsMs: 25,
        ttfbMs: 48,
        totalMs: 90 + (i % 40),
        resolvedIp: '203.0.113.10',
        tlsExpiresAt: null,
        tlsIssuer: null,
        error: ok ? null : 'status 503',
      };
    }),
  );
}

try {
  const monitorIds = await insertMonitors();
  // Warm-up round: creates every monitor's state rows (first evaluation), as a running system has them.
  await evaluator.accept(round(monitorIds, 0));
  const batchMs: number[] = [];
  let accepted = 0;
  const t0 = performance.now();
  for (let k = 1; k <= rounds; k += 1) {
    const batch = round(monitorIds, k);
    const started = performance.now();
    await evaluator.accept(batch);
    batchMs.push(performance.now() - started);
    accepted += batch.length;
  }
  const elapsedMs = performance.now() - t0;
  const alerts = await evaluator.alertQueue.count();
  const down = await db.oneFirst(sql.unsafe`SELECT count(*)::int FROM monitors WHERE status = 'down'`);
  const sorted = batchMs.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({
      monitors: monitorCount,
      batchSize: monitorCount * regions.length,
      batches: rounds,
      results: accepted,
      elapsedMs,
      resultsPerSecond: accepted / (elapsedMs / 1000),
      batchP50Ms: quantile(sorted, 0.5),
      batchP99Ms: quantile(sorted, 0.99),
      alertsQueued: alerts,
      downAtEnd: down,
    })}\n`,
  );
} finally {
  await evaluator.stop();
  redis.disconnect();
  await db.end();
  await results.client.close();
  await redisServer.stop();
  await postgres.stop();
  await rm(scratch, { recursive: true, force: true });
}
