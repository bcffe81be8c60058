import { resultsMigrationsDirOf } from '@vantage/results';
import { freePort, useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { startTestControlPlane, type TestControlPlane } from './test-support/control-plane.ts';

interface HealthBody {
  status: string;
  checks: Record<'postgres' | 'clickhouse' | 'redis', { ok: boolean }>;
}

const services = await useTestServices();
const running: TestControlPlane[] = [];
afterAll(async () => {
  for (const controlPlane of running) await controlPlane.stop();
});

async function start(overrides: Record<string, string> = {}): Promise<TestControlPlane> {
  const controlPlane = await startTestControlPlane(services, overrides);
  running.push(controlPlane);
  return controlPlane;
}

describe('GET /api/v1/health', () => {
  it('answers 200 when Postgres, ClickHouse and Redis all answer', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/v1/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as HealthBody;
    expect(body.status).toBe('ok');
    expect(body.checks.postgres.ok).toBe(true);
    expect(body.checks.clickhouse.ok).toBe(true);
    expect(body.checks.redis.ok).toBe(true);
  });

  it('answers 503 naming the store that does not answer', async () => {
    const { url } = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const response = await fetch(`${url}/api/v1/health`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as HealthBody;
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.postgres.ok).toBe(true);
  });

  it('answers unknown API paths with the JSON error shape', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/v1/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: undefined }, 'REDIS_URL'],
    [{ CLICKHOUSE_DATA_DIR: undefined }, 'CLICKHOUSE_URL'],
    [{ CLICKHOUSE_SCHEMA: 'cluster' }, 'CLICKHOUSE_SCHEMA'],
    [{ CLICKHOUSE_SCHEMA: 'sharded' }, 'CLICKHOUSE_SCHEMA'],
  ])('refuses %o with a message naming %s', (override, variable) => {
    const env = {
      DATABASE_URL: 'postgres://localhost/x',
      CLICKHOUSE_DATA_DIR: '/tmp/ch',
      REDIS_URL: 'redis://localhost',
      ...override,
    };
    expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid configuration: .*${variable}`));
  });

  it('applies the cluster schema files when CLICKHOUSE_SCHEMA=cluster points at a server', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost/x',
      CLICKHOUSE_URL: 'http://clickhouse:8123',
      CLICKHOUSE_SCHEMA: 'cluster',
      REDIS_URL: 'redis://localhost',
    });
    expect(config.resultsSchema).toBe('cluster');
    expect(resultsMigrationsDirOf(config.resultsSchema)).toMatch(/migrations-cluster$/);
  });
});
