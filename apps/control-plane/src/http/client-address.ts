import type { Context } from 'koa';
import type { AppContext } from '../context.ts';

/**
 * The visitor's address: the socket's peer, or — when that peer is a trusted proxy such as our own web
 * app — the last address it appended to X-Forwarded-For. Rate limits count per visitor this way, not
 * per web server.
 */
export function clientAddress(app: AppContext, http: Context): string {
  const peer = http.request.socket.remoteAddress ?? '';
  const forwarded = http.get('x-forwarded-for');
  if (!forwarded || !app.config.trustedProxies.includes(peer)) return peer;
  const last = forwarded.split(',').at(-1)?.trim();
  return last || peer;
}
