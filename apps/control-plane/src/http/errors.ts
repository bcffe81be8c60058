import type { ApiError } from '@vantage/api-contract';
import { isServiceError, type ServiceErrorCode } from '@vantage/domain';
import type { Context, Next } from 'koa';

/** The one mapping from service error codes to HTTP statuses. */
const statusOf: Record<ServiceErrorCode, number> = {
  validation: 400,
  bad_request: 400,
  unauthenticated: 401,
  password_required: 401,
  payment_required: 402,
  limit_exceeded: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  bad_gateway: 502,
};

/** Turns anything thrown below into the API's error shape; unexpected errors are logged and answered 500. */
export async function errorMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      ctx.status = 404;
      ctx.body = {
        error: { code: 'not_found', message: `no route for ${ctx.method} ${ctx.path}` },
      } satisfies ApiError;
    }
  } catch (error) {
    if (isServiceError(error)) {
      ctx.status = statusOf[error.code];
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (error.code === 'rate_limited' && retryAfter) ctx.set('Retry-After', String(retryAfter));
      ctx.body = {
        error: { code: error.code, message: error.message, details: error.details },
      } satisfies ApiError;
      return;
    }
    const status = httpStatusOf(error);
    if (status >= 500) ctx.app.emit('error', error, ctx);
    ctx.status = status;
    ctx.body = {
      error: {
        code: status === 413 ? 'payload_too_large' : status >= 500 ? 'internal' : 'bad_request',
        message: status >= 500 ? 'internal error' : (error as Error).message,
      },
    } satisfies ApiError;
  }
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
