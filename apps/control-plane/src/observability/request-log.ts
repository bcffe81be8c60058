import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import type { ControlPlaneMetrics } from './metrics.ts';

/** A caller's `X-Request-Id` is kept only when it is short and plain (no spaces, quotes or newlines). */
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** Routes that orchestrators and scrapers poll: logged at debug, so they do not drown the request log. */
const polledRoutes = new Set(['health', 'ready', 'metrics']);

/** The route id a request is logged and measured under: set by the handler that serves it. */
export function setRouteId(ctx: Context, routeId: string): void {
  ctx.state.routeId = routeId;
}

/**
 * Outermost middleware: gives each request an id (the caller's `X-Request-Id` when sane, else a new
 * one), echoes it, and logs and measures method, route id, status and duration once the request ends.
 */
export function requestLog(logger: Logger, metrics: Pick<ControlPlaneMetrics, 'httpRequestSeconds'>) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const startedAt = performance.now();
    const offered = ctx.get('x-request-id');
    const requestId = saneRequestId.test(offered) ? offered : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const durationMs = performance.now() - startedAt;
      // Unmatched paths share one label, so a scanner cannot blow up the metric's cardinality.
      const route = typeof ctx.state.routeId === 'string' ? ctx.state.routeId : 'unmatched';
      metrics.httpRequestSeconds.observe(
        { route, method: ctx.method, status: String(ctx.status) },
        durationMs / 1000,
      );
      const line = {
        requestId,
        method: ctx.method,
        route,
        status: ctx.status,
        durationMs: Math.round(durationMs),
      };
      if (ctx.status >= 500) logger.warn(line, 'request');
      else if (polledRoutes.has(route)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    }
  };
}
