import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, startEmbeddedPostgres, startRedisServer, watchOverService } from '@vantage/testing';
import pg from 'pg';
import { profileArgs } from './worker.ts';

const execFileAsync = promisify(execFile);

/** A whole control plane on its own stores, run as a separate process as in production. */
export interface BenchSystem {
  apiUrl: string;
  databaseUrl: string;
  /** Port of the probes' gRPC endpoint (plain text on loopback). */
  grpcPort: number;
  /** Runs the control-plane CLI against the same stores and returns its stdout. */
  cli(args: readonly string[]): Promise<string>;
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
  const grpcPort = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    GRPC_PORT: String(grpcPort),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    CLICKHOUSE_DATA_DIR: join(scratch, 'clickhouse'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_LOGIN: '100000000/60',
    RATE_LIMIT_REGISTER: '100000000/60',
  };
  const child = spawn(
    process.execPath,
    [...profileArgs('control-plane'), join(root, 'apps/control-plane/src/main.ts')],
    {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (child.pid !== undefined) watchOverService(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const apiUrl = `http://127.0.0.1:${port}`;
  const stopStores = async () => {
    await redis.stop();
    await postgres.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    await waitForHealth(apiUrl, () => child.exitCode !== null);
  } catch (error) {
    // Nothing may outlive a failed start: the stores' handles would keep the bench alive.
    child.kill('SIGTERM');
    await stopStores();
    throw error;
  }
  return {
    apiUrl,
    databaseUrl,
    grpcPort,
    async cli(args) {
      const { stdout } = await execFileAsync(
        process.execPath,
        [join(root, 'apps/control-plane/src/cli.ts'), ...args],
        { env },
      );
      return stdout.trim();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await stopStores();
    },
  };
}

async function waitForHealth(apiUrl: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${apiUrl}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || exited()) throw new Error('control plane did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
