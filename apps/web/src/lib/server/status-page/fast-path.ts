// A fresh cached render answered straight from Node's request, before adapter-node converts it into a
// Web Request and SvelteKit routes it: the one path public status pages take under an outage's traffic.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestEvent } from '@sveltejs/kit';
import type { CachedRender, RenderCache } from './cache.ts';
import { statusPageTargetOf } from './target.ts';

/** Answers a request from the cache when it can; false sends it down the normal path. */
export type StatusPageFastPath = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Where `apps/web/serve.js` finds the fast path of the running app. */
export const fastPathGlobal = '__vantageStatusPageFastPath';

/** Builds the fast path over the same cache, freshness and Cache-Control as the handle step. */
export function createStatusPageFastPath(options: {
  cache: RenderCache;
  freshMs: number;
  cacheControl: string;
  dashboardHosts: ReadonlySet<string>;
  now?: () => number;
}): StatusPageFastPath {
  const now = options.now ?? Date.now;
  const headersOf = new WeakMap<CachedRender, Record<string, string>>();
  return (request, response) => {
    if (request.method !== 'GET' || !request.url?.startsWith('/')) return false;
    const url = new URL(request.url, 'http://fast.invalid');
    const headers = { get: (name: string) => (request.headers[name] as string | undefined) ?? null };
    const event = { request: { method: 'GET', headers }, url } as unknown as RequestEvent;
    const target = statusPageTargetOf(event, options.dashboardHosts);
    if (target === null || target === 'not-found' || !target.cacheable) return false;
    const entry = options.cache.get(target.key);
    // Only fresh, healthy renders: everything else (misses, refreshes, stale copies) takes the full path.
    if (!entry || entry.failedAtMs !== null || now() - entry.storedAtMs > options.freshMs) return false;
    let fixed = headersOf.get(entry);
    if (!fixed) {
      fixed = Object.fromEntries(entry.headers);
      fixed.vary = 'Accept-Encoding';
      fixed['cache-control'] = options.cacheControl;
      fixed.etag = entry.etag;
      headersOf.set(entry, fixed);
    }
    const answer: Record<string, string> = {
      ...fixed,
      age: String(Math.floor((now() - entry.storedAtMs) / 1000)),
    };
    const ifNoneMatch = request.headers['if-none-match'];
    if (
      ifNoneMatch
        ?.split(',')
        .some((tag) => tag.trim().replace(/^W\//, '') === entry.etag || tag.trim() === '*')
    ) {
      response.writeHead(304, answer).end();
      return true;
    }
    const gzip = entry.gzipped !== null && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    if (gzip) answer['content-encoding'] = 'gzip';
    const body = gzip ? entry.gzipped! : entry.body;
    answer['content-length'] = String(body.byteLength);
    response.writeHead(entry.status, answer).end(body);
    return true;
  };
}
