import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, useTestServices, watchOverService } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';

// Runs main.ts as its own Node process, as the launcher and production do: this catches what the
// test runner's module loader forgives (CommonJS named imports, missing .ts extensions).
const services = await useTestServices();
const dataDir = await mkdtemp(join(tmpdir(), 'vantage-main-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the control-plane process', () => {
  it('starts from the environment, answers health, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [fileURLToPath(new URL('./main.ts', import.meta.url))], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        GRPC_PORT: '0',
        DATABASE_URL: await services.createDatabase({ migrated: true }),
        REDIS_URL: services.redisUrl,
        REDIS_KEY_PREFIX: `${services.namespace}:main:`,
        CLICKHOUSE_DATA_DIR: join(dataDir, 'clickhouse'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (child.pid !== undefined) watchOverService(child.pid);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline && child.exitCode === null) {
      healthy = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healthy, stderr).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
