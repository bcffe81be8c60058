import type Router from '@koa/router';
import { sql } from '@vantage/db';
import { pingRedis } from '@vantage/queue';
import { pingResults } from '@vantage/results';
import type { AppContext } from '../context.ts';

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

/** `GET /api/v1/health`: 200 when Postgres, ClickHouse and Redis all answer, else 503 naming the failing ones. */
export function registerHealthRoutes(router: Router, app: AppContext): void {
  router.get('/api/v1/health', async (ctx) => {
    const [postgres, clickhouse, redis] = await Promise.all([
      timed(async () => (await app.db.oneFirst(sql.unsafe`SELECT 1`)) === 1),
      timed(() => pingResults(app.results)),
      timed(() => pingRedis(app.redis, checkTimeoutMs)),
    ]);
    const checks = { postgres, clickhouse, redis };
    const healthy = Object.values(checks).every((check) => check.ok);
    ctx.status = healthy ? 200 : 503;
    ctx.body = { status: healthy ? 'ok' : 'unavailable', checks };
  });
}
