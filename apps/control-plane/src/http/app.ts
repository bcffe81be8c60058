import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { buildOpenApi } from '@vantage/api-contract';
import Koa from 'koa';
import type { AppContext } from '../context.ts';
import { keepWebhookBodyRaw } from '../services/billing/index.ts';
import { bindHandlers } from './bind.ts';
import { errorMiddleware } from './errors.ts';
import { registerHealthRoutes } from './health.ts';
import { createRateLimiters } from './rate-limit.ts';
import { handlers } from './routes.ts';

/** Largest request body accepted (DESIGN.md §8: bigger bodies get 413). */
export const bodyLimitBytes = 1024 * 1024;

/** Builds the Koa application with every route of the REST API. */
export function createHttpApp(app: AppContext): Koa {
  const koa = new Koa({ proxy: false });
  const router = new Router();
  registerHealthRoutes(router, app);
  const openApi = buildOpenApi(
    handlers.map((bound) => bound.endpoint),
    { version: '1.0.0', serverUrl: `${app.config.publicUrl}/api/v1` },
  );
  router.get('/api/v1/openapi.json', (ctx) => {
    ctx.body = openApi;
  });
  bindHandlers(router, app, createRateLimiters(app), handlers);
  koa.on('error', (error: unknown) => app.logger.error({ err: error }, 'request failed'));
  koa.use(errorMiddleware);
  koa.use(keepWebhookBodyRaw);
  koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: bodyLimitBytes, encoding: 'utf-8' }));
  koa.use(router.routes());
  koa.use(router.allowedMethods());
  return koa;
}
