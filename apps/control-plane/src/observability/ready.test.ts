import { freePort, useTestServices } from '@vantage/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startTestControlPlane, type TestControlPlane } from '../test-support/control-plane.ts';
import { eventually } from '../test-support/monitors.ts';

interface ReadyBody {
  status: 'ready' | 'not_ready';
  roles: string[];
  notReady: string[];
  checks: {
    migrations: { pending: { postgres: string[] | null; clickhouse: string[] | null } };
    parts: Record<string, boolean>;
  };
}

const services = await useTestServices();
const running: TestControlPlane[] = [];
afterAll(async () => {
  for (const controlPlane of running) await controlPlane.stop();
});

async function start(env: Record<string, string> = {}): Promise<TestControlPlane> {
  const controlPlane = await startTestControlPlane(services, env);
  running.push(controlPlane);
  return controlPlane;
}

async function ready(url: string): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${url}/api/v1/ready`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

/** Parts start in the background (the hub subscribes once Redis answers): ready within a few seconds. */
const becomesReady = (url: string) =>
  eventually(
    () => ready(url),
    (answer) => answer.status === 200,
  );

describe('GET /api/v1/ready', () => {
  it('answers 200 when the stores answer, both schemas are migrated and every part of the roles runs', async () => {
    const { url } = await start();
    const { status, body } = await becomesReady(url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', roles: ['api', 'grpc', 'worker'], notReady: [] });
    expect(body.checks.migrations.pending).toEqual({ postgres: [], clickhouse: [] });
    expect(body.checks.parts).toEqual({
      http: true,
      'probe-hub': true,
      'notification-workers': true,
      evaluator: true,
      'heartbeat-sweeper': true,
    });
  });

  it('answers 503 naming Redis when it does not answer, while health stays the liveness answer', async () => {
    const { url } = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const { status, body } = await ready(url);
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.notReady).toContain('redis');
    expect(body.notReady).not.toContain('postgres');
  });

  it('answers 503 naming the Postgres migration that is not applied', async () => {
    const databaseUrl = await services.createDatabase({ migrated: true });
    const { url } = await start({ DATABASE_URL: databaseUrl });
    await becomesReady(url);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const newest = await client.query<{ name: string }>(
      'DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING name',
    );
    await client.end();
    const { status, body } = await ready(url);
    expect(status).toBe(503);
    expect(body.notReady).toEqual(['migrations.postgres']);
    expect(body.checks.migrations.pending.postgres).toEqual([newest.rows[0]!.name]);
  });

  it('answers 503 naming the ClickHouse migration that is not applied', async () => {
    const database = `${services.results.database}_ready`;
    const { url } = await start({ CLICKHOUSE_DATABASE: database });
    await becomesReady(url);
    await services.results.client.command({
      query: `ALTER TABLE ${database}.schema_migrations_v1 DELETE WHERE name = '0001_check_results'`,
      clickhouse_settings: { mutations_sync: '1' },
    });
    const { status, body } = await ready(url);
    expect(status).toBe(503);
    expect(body.notReady).toEqual(['migrations.clickhouse']);
    expect(body.checks.migrations.pending.clickhouse).toEqual(['0001_check_results']);
  });
});

describe('roles', () => {
  it('a worker-only instance serves health, ready and metrics on PORT, runs the workers and no REST API or gRPC', async () => {
    const worker = await start({ VANTAGE_ROLES: 'worker' });
    expect(worker.grpcPort).toBe(0);
    const { status, body } = await becomesReady(worker.url);
    expect(status).toBe(200);
    expect(body.roles).toEqual(['worker']);
    expect(Object.keys(body.checks.parts).sort()).toEqual([
      'evaluator',
      'heartbeat-sweeper',
      'http',
      'notification-workers',
    ]);
    expect((await fetch(`${worker.url}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${worker.url}/api/v1/me`)).status).toBe(404);
    expect((await fetch(`${worker.url}/api/v1/openapi.json`)).status).toBe(404);
  });

  it('an api-only instance serves the REST API and relays through the probe hub, without workers or gRPC', async () => {
    const api = await start({ VANTAGE_ROLES: 'api' });
    expect(api.grpcPort).toBe(0);
    const { body } = await becomesReady(api.url);
    expect(Object.keys(body.checks.parts).sort()).toEqual(['http', 'probe-hub']);
    expect((await fetch(`${api.url}/api/v1/me`)).status).toBe(401);
    expect(() => api.context.probeHub()).not.toThrow();
  });

  it('a grpc-only instance listens for probes and serves only the operational endpoints over HTTP', async () => {
    const grpc = await start({ VANTAGE_ROLES: 'grpc' });
    expect(grpc.grpcPort).toBeGreaterThan(0);
    const { status, body } = await becomesReady(grpc.url);
    expect(status).toBe(200);
    expect(Object.keys(body.checks.parts).sort()).toEqual(['http', 'probe-hub']);
    expect((await fetch(`${grpc.url}/api/v1/me`)).status).toBe(404);
  });

  it.each([
    ['api, worker', ['api', 'worker']],
    ['GRPC,grpc', ['grpc']],
  ])('VANTAGE_ROLES=%s runs %o', (value, roles) => {
    expect(loadConfig({ ...baseEnv, VANTAGE_ROLES: value }).roles).toEqual(roles);
  });

  it.each(['api,scheduler', ','])('refuses VANTAGE_ROLES=%o with a message naming it', (value) => {
    expect(() => loadConfig({ ...baseEnv, VANTAGE_ROLES: value })).toThrow(/VANTAGE_ROLES/);
  });
});

const baseEnv = {
  DATABASE_URL: 'postgres://localhost/x',
  CLICKHOUSE_DATA_DIR: '/tmp/ch',
  REDIS_URL: 'redis://localhost',
};
