import Router from '@koa/router';
import Koa from 'koa';
import type { AppContext } from '../context.ts';
import { errorMiddleware } from './errors.ts';
import { registerHealthRoutes } from './health.ts';

/** Builds the Koa application with every route of the REST API. */
export function createHttpApp(app: AppContext): Koa {
  const koa = new Koa({ proxy: false });
  const router = new Router();
  registerHealthRoutes(router, app);
  koa.on('error', (error: unknown) => app.logger.error({ err: error }, 'request failed'));
  koa.use(errorMiddleware);
  koa.use(router.routes());
  koa.use(router.allowedMethods());
  return koa;
}
