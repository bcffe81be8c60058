import { randomBytes } from 'node:crypto';
import { createDatabasePool, type DatabasePool } from '@vantage/db';
import { createRedis, type Redis } from '@vantage/queue';
import { migrateResults, openResultsStore, type ResultsStore } from '@vantage/results';
import { adminQuery } from './global-setup.ts';
import { databaseUrlFor } from './provided.ts';

/** Real services for one test file, isolated from every other file. */
export interface TestServices {
  /** A migrated Postgres database of this file's own. */
  databaseUrl: string;
  db: DatabasePool;
  /** A migrated ClickHouse database of this file's own (chDB in-process, or the CLICKHOUSE_URL server). */
  results: ResultsStore;
  /** A Redis database of this file's own (when the harness runs Redis); use `namespace` for channels and queues. */
  redisUrl: string;
  redis: Redis;
  /** Unique prefix for Redis keys, pub/sub channels and queue names of this file. */
  namespace: string;
  /** Creates another database on the same Postgres server: empty, or migrated from the template. */
  createDatabase(options: { migrated: boolean }): Promise<string>;
}

/**
 * The one call a test file makes for real services: a Postgres database copied from the migrated
 * template, a ClickHouse database with the schema applied, and a Redis database. All of it is
 * dropped after the file's tests.
 */
export async function useTestServices(): Promise<TestServices> {
  // Loaded here, not at the top, so the launcher can import this package without vitest.
  const { afterAll, inject } = await import('vitest');
  const provided = inject('vantageServices');
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  const createDatabase = async ({ migrated }: { migrated: boolean }) => {
    const name = `test_${id}_${cleanups.length}`;
    const template = migrated ? provided.templateDatabase : 'template0';
    await adminQuery(provided.postgresAdminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    cleanups.push(() =>
      adminQuery(provided.postgresAdminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
    return databaseUrlFor(provided.postgresAdminUrl, name);
  };
  const databaseUrl = await createDatabase({ migrated: true });
  const db = await createDatabasePool(databaseUrl, { maximumPoolSize: 5 });
  cleanups.push(() => db.end());

  const connection = provided.clickhouseUrl ? { url: provided.clickhouseUrl } : { dataDir: ':memory:' };
  const results = await openResultsStore(connection, `test_${id}`);
  cleanups.push(async () => {
    await results.client.command({ query: `DROP DATABASE IF EXISTS ${results.database}` });
    await results.client.close();
  });
  await migrateResults(results);

  const redisUrl = provided.redisOwned ? await takeRedisDatabase(provided.redisUrl) : provided.redisUrl;
  const redis = createRedis(redisUrl);
  cleanups.push(async () => {
    if (provided.redisOwned) await redis.flushdb();
    redis.disconnect();
  });

  return { databaseUrl, db, results, redisUrl, redis, namespace: `test:${id}`, createDatabase };
}

/** Hands out Redis database numbers 1–255 in turn (0 keeps the counter). */
async function takeRedisDatabase(serverUrl: string): Promise<string> {
  const counter = createRedis(serverUrl);
  try {
    const taken = await counter.incr('vantage:test:next-database');
    return `${serverUrl}/${1 + ((taken - 1) % 255)}`;
  } finally {
    counter.disconnect();
  }
}
