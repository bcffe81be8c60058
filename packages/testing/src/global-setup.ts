import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase } from '@vantage/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { readHarnessConfig } from './config.ts';
import { freePort } from './free-port.ts';
import { startEmbeddedPostgres } from './postgres.ts';
import { databaseUrlFor } from './provided.ts';
import { startRedisServer } from './redis-server.ts';

/** Vitest global setup: one Postgres and one Redis for the whole run, a migrated template database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = readHarnessConfig();
  const scratchDir = await mkdtemp(join(tmpdir(), 'vantage-test-'));
  const stops: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await rm(scratchDir, { recursive: true, force: true });
  };
  try {
    let postgresAdminUrl = config.databaseUrl;
    if (!postgresAdminUrl) {
      const postgres = await startEmbeddedPostgres({
        dataDir: join(scratchDir, 'postgres'),
        port: await freePort(),
        scratchDir,
        ephemeral: true,
      });
      stops.push(postgres.stop);
      postgresAdminUrl = postgres.url;
    }
    const templateDatabase = `vantage_template_${process.pid}`;
    await adminQuery(postgresAdminUrl, `CREATE DATABASE ${templateDatabase}`);
    stops.push(() =>
      adminQuery(postgresAdminUrl, `DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`),
    );
    await migrateDatabase(databaseUrlFor(postgresAdminUrl, templateDatabase));

    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      const redis = await startRedisServer({
        port: await freePort(),
        dataDir: join(scratchDir, 'redis'),
        persistent: false,
        databases: 256,
        scratchDir,
      });
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    project.provide('vantageServices', {
      postgresAdminUrl,
      templateDatabase,
      clickhouseUrl: config.clickhouseUrl,
      redisUrl,
      redisOwned: !config.redisUrl,
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** Runs one statement on the maintenance database. */
export async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
