// The `handle` step in front of public status pages: answers from the render cache before SvelteKit
// renders, forwards custom-domain requests to `/s/@host/…`, and serves the last good render (with a
// "data as of" note) when the control plane cannot be reached.
import { gzipSync } from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import type { ResolveOptions } from '@sveltejs/kit/hooks';
import { type CachedRender, type RenderCache, toCachedRender } from './cache.ts';
import { type StatusPageTarget, statusPageTargetOf } from './target.ts';

type Resolve = (event: RequestEvent, options?: ResolveOptions) => Response | Promise<Response>;

/** What the status page step needs. */
export interface StatusPageHandleOptions {
  cache: RenderCache;
  /** How long a render is served without rendering again (≤ 10 s). */
  freshMs: number;
  /** Host names of the dashboard itself (everything else is a custom domain). */
  dashboardHosts: ReadonlySet<string>;
  now?: () => number;
}

/** A failed render is not tried again for this long; the last good render is served meanwhile. */
const retryAfterFailureMs = 2_000;
/** The last good render is served for this long after the control plane became unreachable. */
const keepForOutageMs = 24 * 3_600_000;
/** Marker in a page's HTML where the "data as of" note goes when a stale render is served. */
export const staleNoteMarker = '<!--vantage:stale-->';
/** Headers of a render kept in the cache (caching headers are set when it is served). */
const keptHeaders = ['content-type', 'access-control-allow-origin', 'x-content-type-options', 'link'];

/** Cache-Control of every shared public answer: CDNs may hold it 10 s and serve it stale while refreshing. */
export function publicCacheControl(freshSeconds: number): string {
  return `public, max-age=${freshSeconds}, stale-while-revalidate=30, stale-if-error=86400`;
}

/** Builds the handle step; returns `null` for requests that are not status page requests. */
export function createStatusPageHandle(options: StatusPageHandleOptions) {
  const { cache, freshMs } = options;
  const now = options.now ?? Date.now;
  const cacheControl = publicCacheControl(Math.round(freshMs / 1000));
  const staleBodies = new WeakMap<CachedRender, { body: Uint8Array; gzipped: Uint8Array }>();
  /** Renders in progress per key: concurrent misses wait for one render instead of each rendering. */
  const rendering = new Map<string, Promise<CachedRender | null>>();

  /** The headers every fresh answer of an entry carries, built once per entry (a hit only adds `age`). */
  const freshHeaders = new WeakMap<CachedRender, Record<string, string>>();
  function headersOf(entry: CachedRender): Record<string, string> {
    let headers = freshHeaders.get(entry);
    if (!headers) {
      headers = Object.fromEntries(entry.headers);
      headers.vary = 'Accept-Encoding';
      headers['cache-control'] = cacheControl;
      headers.etag = entry.etag;
      freshHeaders.set(entry, headers);
    }
    return headers;
  }

  function serve(entry: CachedRender, request: Request, stale: boolean): Response {
    const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
    if (stale) {
      const headers: Record<string, string> = {
        ...Object.fromEntries(entry.headers),
        vary: 'Accept-Encoding',
        'cache-control': 'public, max-age=5',
        'x-vantage-data-as-of': new Date(entry.storedAtMs).toISOString(),
      };
      const bodies = staleBodiesOf(entry);
      if (gzip) headers['content-encoding'] = 'gzip';
      return new Response((gzip ? bodies.gzipped : bodies.body) as BodyInit, {
        status: entry.status,
        headers,
      });
    }
    const age = String(Math.max(0, Math.floor((now() - entry.storedAtMs) / 1000)));
    const headers = { ...headersOf(entry), age };
    if (matchesEtag(request.headers.get('if-none-match'), entry.etag)) {
      return new Response(null, { status: 304, headers });
    }
    if (entry.gzipped && gzip) {
      return new Response(entry.gzipped as BodyInit, {
        status: entry.status,
        headers: { ...headers, 'content-encoding': 'gzip' },
      });
    }
    return new Response(entry.body as BodyInit, { status: entry.status, headers });
  }

  /** The stored body with its "data as of" note, and gzipped: made once per entry, then served as is. */
  function staleBodiesOf(entry: CachedRender): { body: Uint8Array; gzipped: Uint8Array } {
    let bodies = staleBodies.get(entry);
    if (!bodies) {
      const isHtml = entry.headers.some(
        ([name, value]) => name === 'content-type' && value.startsWith('text/html'),
      );
      const body = isHtml ? withStaleNote(entry.body, entry.storedAtMs) : entry.body;
      bodies = { body, gzipped: new Uint8Array(gzipSync(body)) };
      staleBodies.set(entry, bodies);
    }
    return bodies;
  }

  /** Renders through SvelteKit (forwarding custom domains); a cacheable answer is stored and returned. */
  async function render(
    event: RequestEvent,
    resolve: Resolve,
    target: StatusPageTarget,
  ): Promise<{ entry: CachedRender } | { response: Response }> {
    const response = target.customDomain ? await forward(event, target) : await resolve(event);
    const privateAnswer = /private|no-store/.test(response.headers.get('cache-control') ?? '');
    if ((response.status !== 200 && response.status !== 404) || privateAnswer) {
      // A page that turned private (password set) must not be served from an older public render.
      if (privateAnswer || response.status < 500) cache.delete(target.key);
      return { response };
    }
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = keptHeaders.flatMap((name): [string, string][] => {
      const value = response.headers.get(name);
      return value === null ? [] : [[name, value]];
    });
    const entry = await toCachedRender(response.status, headers, body, now());
    cache.set(target.key, entry);
    return { entry };
  }

  return async function handleStatusPage(event: RequestEvent, resolve: Resolve): Promise<Response | null> {
    // A forwarded custom-domain request renders normally; the request that forwarded it does the caching.
    if (event.isSubRequest) return null;
    const target = statusPageTargetOf(event, options.dashboardHosts);
    if (target === null) return null;
    if (target === 'not-found') return new Response('Not found', { status: 404 });
    if (!target.cacheable) return target.customDomain ? forward(event, target) : resolve(event);

    const entry = cache.get(target.key);
    const nowMs = now();
    if (entry) {
      const failing = entry.failedAtMs !== null;
      if (nowMs - entry.storedAtMs <= freshMs) return serve(entry, event.request, false);
      if (failing && nowMs - (entry.failedAtMs ?? 0) < retryAfterFailureMs)
        return serve(entry, event.request, true);
      // Stale while one request renders it again: the others get the stored copy at once.
      if (rendering.has(target.key)) return serve(entry, event.request, failing);
    } else {
      const shared = await rendering.get(target.key);
      if (shared) return serve(shared, event.request, false);
    }

    const attempt = render(event, resolve, target);
    const stored = attempt.then(
      (outcome) => ('entry' in outcome ? outcome.entry : null),
      () => null,
    );
    rendering.set(target.key, stored);
    void stored.finally(() => {
      if (rendering.get(target.key) === stored) rendering.delete(target.key);
    });
    let outcome: Awaited<typeof attempt>;
    try {
      outcome = await attempt;
    } catch (cause) {
      if (!entry) throw cause;
      outcome = { response: new Response(null, { status: 503 }) };
    }
    if ('entry' in outcome) return serve(outcome.entry, event.request, false);
    const { response } = outcome;
    if (response.status >= 500 && entry && nowMs - entry.storedAtMs <= keepForOutageMs) {
      await response.body?.cancel();
      entry.failedAtMs = nowMs;
      return serve(entry, event.request, true);
    }
    return response;
  };
}

/** Sends a custom-domain request through SvelteKit again as `/s/@host/…` (an internal request). */
async function forward(event: RequestEvent, target: StatusPageTarget): Promise<Response> {
  const { request } = event;
  const headers = new Headers(request.headers);
  for (const name of ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']) {
    headers.delete(name);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const url = new URL(target.internalPath + event.url.search, event.url);
  return event.fetch(url, {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    redirect: 'manual',
  });
}

/** `If-None-Match` lists the ETag (weak comparison, as for GET). */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** The stored HTML with a visible note that the data is from the last good render. */
function withStaleNote(body: Uint8Array, storedAtMs: number): Uint8Array {
  const iso = new Date(storedAtMs).toISOString();
  const shown = `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  const note =
    `<div class="stale-note" role="status">Live status is temporarily unavailable. ` +
    `Showing data as of <time datetime="${iso}">${shown}</time>.</div>`;
  return new TextEncoder().encode(new TextDecoder().decode(body).replace(staleNoteMarker, note));
}
