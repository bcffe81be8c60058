import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startEmbeddedPostgres, startRedisServer, watchOverService } from '@vantage/testing';
import pg from 'pg';

/** A whole control plane on its own stores, run as a separate process as in production. */
export interface BenchSystem {
  apiUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts Postgres, Redis and a control-plane process with rate limits lifted for load. */
export async function startBenchSystem(): Promise<BenchSystem> {
  const scratch = await mkdtemp(join(tmpdir(), 'vantage-bench-'));
  const postgres = await startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await freePort(),
    scratchDir: scratch,
  });
  const redis = await startRedisServer({
    dataDir: join(scratch, 'redis'),
    port: await freePort(),
    persistent: false,
  });
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE vantage');
  await admin.end();
  const databaseUrl = postgres.url.replace(/\/postgres$/, '/vantage');
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'apps/control-plane/src/main.ts')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      CLICKHOUSE_DATA_DIR: join(scratch, 'clickhouse'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_LOGIN: '100000000/60',
      RATE_LIMIT_REGISTER: '100000000/60',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (child.pid !== undefined) watchOverService(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const apiUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${apiUrl}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('control plane did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    apiUrl,
    databaseUrl,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await redis.stop();
      await postgres.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
