import { createHash, timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import { pendingDatabaseMigrations, sql } from '@vantage/db';
import { classifyAddress, ServiceError } from '@vantage/domain';
import { pingRedis } from '@vantage/queue';
import { pendingResultsMigrations, pingResults, resultsMigrationsDirOf } from '@vantage/results';
import type { Context } from 'koa';
import type { AppContext } from '../context.ts';
import type { Readiness } from '../observability/readiness.ts';
import { setRouteId } from '../observability/request-log.ts';

/** Result of checking one store. */
interface StoreCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

const checkTimeoutMs = 2_000;

async function timed(check: () => Promise<boolean>): Promise<StoreCheck> {
  const startedAt = performance.now();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs).unref(),
  );
  try {
    const ok = await Promise.race([check(), timeout]);
    return { ok, latencyMs: Math.round(performance.now() - startedAt) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, latencyMs: Math.round(performance.now() - startedAt), error: message };
  }
}

function checkStores(app: AppContext) {
  return Promise.all([
    timed(async () => (await app.db.oneFirst(sql.unsafe`SELECT 1`)) === 1),
    timed(() => pingResults(app.results)),
    timed(() => pingRedis(app.redis, checkTimeoutMs)),
  ]).then(([postgres, clickhouse, redis]) => ({ postgres, clickhouse, redis }));
}

/** Migration files each store has not applied; null where the store did not answer. */
async function pendingMigrations(app: AppContext) {
  const pending: { postgres: string[] | null; clickhouse: string[] | null } = {
    postgres: null,
    clickhouse: null,
  };
  const check = await timed(async () => {
    [pending.postgres, pending.clickhouse] = await Promise.all([
      pendingDatabaseMigrations(app.db).catch(() => null),
      pendingResultsMigrations(app.results, resultsMigrationsDirOf(app.config.resultsSchema)).catch(
        () => null,
      ),
    ]);
    return pending.postgres?.length === 0 && pending.clickhouse?.length === 0;
  });
  return { ...check, pending };
}

/**
 * `GET /api/v1/health` (liveness: the stores answer), `GET /api/v1/ready` (stores, migrations and this
 * instance's parts) and `GET /metrics` (Prometheus). Every role that serves HTTP registers these.
 */
export function registerHealthRoutes(router: Router, app: AppContext, readiness: Readiness): void {
  router.get('/api/v1/health', async (ctx) => {
    setRouteId(ctx, 'health');
    const checks = await checkStores(app);
    const healthy = Object.values(checks).every((check) => check.ok);
    ctx.status = healthy ? 200 : 503;
    ctx.body = { status: healthy ? 'ok' : 'unavailable', checks };
  });

  router.get('/api/v1/ready', async (ctx) => {
    setRouteId(ctx, 'ready');
    const [stores, migrations] = await Promise.all([checkStores(app), pendingMigrations(app)]);
    const parts = readiness.parts();
    const notReady = [
      ...Object.entries(stores)
        .filter(([, check]) => !check.ok)
        .map(([store]) => store),
      ...Object.entries(migrations.pending)
        .filter(([, names]) => names === null || names.length > 0)
        .map(([store]) => `migrations.${store}`),
      ...Object.entries(parts)
        .filter(([, running]) => !running)
        .map(([part]) => part),
    ];
    ctx.status = notReady.length === 0 ? 200 : 503;
    ctx.body = {
      status: notReady.length === 0 ? 'ready' : 'not_ready',
      roles: app.config.roles,
      notReady,
      checks: { ...stores, migrations, parts },
    };
  });

  router.get('/metrics', async (ctx) => {
    setRouteId(ctx, 'metrics');
    authorizeScrape(app, ctx);
    ctx.set('Content-Type', app.metrics.registry.contentType);
    ctx.body = await app.metrics.registry.metrics();
  });
}

/**
 * With METRICS_TOKEN set, every scraper must send it as a bearer token. Without it, only a direct loopback
 * peer may read: a request a proxy forwarded (it says so in a forwarding header) is refused.
 */
function authorizeScrape(app: AppContext, ctx: Context): void {
  const token = app.config.metricsToken;
  if (token) {
    const given = /^Bearer (\S+)$/.exec(ctx.get('authorization'))?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      ctx.set('WWW-Authenticate', 'Bearer');
      throw new ServiceError('unauthenticated', 'Send the metrics token as a bearer token');
    }
    return;
  }
  const peer = (ctx.request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((header) => ctx.get(header) !== '');
  if (classifyAddress(peer) !== 'loopback' || forwarded) {
    throw new ServiceError(
      'forbidden',
      'Metrics are served to loopback only; set METRICS_TOKEN to scrape remotely',
    );
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
