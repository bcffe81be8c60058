import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { buildOpenApi } from '@vantage/api-contract';
import Koa from 'koa';
import type { AppContext } from '../context.ts';
import type { Readiness } from '../observability/readiness.ts';
import { requestLog, setRouteId } from '../observability/request-log.ts';
import { keepWebhookBodyRaw } from '../services/billing/index.ts';
import { bindHandlers } from './bind.ts';
import { errorMiddleware } from './errors.ts';
import { registerHealthRoutes } from './health.ts';
import { createRateLimiters } from './rate-limit.ts';
import { handlers } from './routes.ts';

/** Largest request body accepted (DESIGN.md §8: bigger bodies get 413). */
export const bodyLimitBytes = 1024 * 1024;

/** The Koa app every role's HTTP server starts from: request ids and logs, errors, health, ready, metrics. */
function createBaseApp(app: AppContext, readiness: Readiness): { koa: Koa; router: Router } {
  const koa = new Koa({ proxy: false });
  const router = new Router();
  registerHealthRoutes(router, app, readiness);
  koa.on('error', (error: unknown, ctx?: Koa.Context) =>
    app.logger.error({ err: error, requestId: ctx?.state.requestId }, 'request failed'),
  );
  koa.use(requestLog(app.logger, app.metrics));
  koa.use(errorMiddleware);
  return { koa, router };
}

/** Builds the Koa application with every route of the REST API (the `api` role). */
export function createHttpApp(app: AppContext, readiness: Readiness): Koa {
  const { koa, router } = createBaseApp(app, readiness);
  const openApi = buildOpenApi(
    handlers.map((bound) => bound.endpoint),
    { version: '1.0.0', serverUrl: `${app.config.publicUrl}/api/v1` },
  );
  router.get('/api/v1/openapi.json', (ctx) => {
    setRouteId(ctx, 'openapi');
    ctx.body = openApi;
  });
  bindHandlers(router, app, createRateLimiters(app), handlers);
  koa.use(keepWebhookBodyRaw);
  koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: bodyLimitBytes, encoding: 'utf-8' }));
  koa.use(router.routes());
  koa.use(router.allowedMethods());
  return koa;
}

/** The small HTTP server of an instance without the `api` role: health, ready and metrics only. */
export function createOpsHttpApp(app: AppContext, readiness: Readiness): Koa {
  const { koa, router } = createBaseApp(app, readiness);
  koa.use(router.routes());
  koa.use(router.allowedMethods());
  return koa;
}
