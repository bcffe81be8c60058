import type { Context, Next } from 'koa';

/** The JSON error shape of every failed API request. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Turns anything thrown below into the API's error shape; unexpected errors are logged and answered 500. */
export async function errorMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      ctx.status = 404;
      ctx.body = {
        error: { code: 'not_found', message: `no route for ${ctx.method} ${ctx.path}` },
      } satisfies ApiErrorBody;
    }
  } catch (error) {
    const status = httpStatusOf(error);
    if (status >= 500) ctx.app.emit('error', error, ctx);
    ctx.status = status;
    const message = status >= 500 ? 'internal error' : (error as Error).message;
    ctx.body = {
      error: { code: status >= 500 ? 'internal' : 'bad_request', message },
    } satisfies ApiErrorBody;
  }
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
