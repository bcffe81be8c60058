import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { RenderCache } from './cache.ts';
import { createStatusPageHandle, staleNoteMarker } from './handle.ts';

/** A rendering "SvelteKit": counts renders, answers with what `answer` says at the time. */
function fixture() {
  let nowMs = 1_000_000;
  const renders: string[] = [];
  let answer = (path: string): Response =>
    new Response(
      `<html><body>${staleNoteMarker}<h1>${path} render ${renders.length}</h1>${'x'.repeat(2000)}</body></html>`,
      {
        headers: { 'content-type': 'text/html' },
      },
    );
  const handle = createStatusPageHandle({
    cache: new RenderCache(),
    freshMs: 10_000,
    dashboardHosts: new Set(['127.0.0.1']),
    now: () => nowMs,
  });
  const request = (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const url = new URL(path, 'http://127.0.0.1:3000');
    const event = {
      url,
      request: new Request(url, { method, headers: { host: '127.0.0.1:3000', ...headers } }),
      isSubRequest: false,
      fetch: async (input: URL) => {
        renders.push(`forward ${input.pathname}`);
        return answer(input.pathname);
      },
    } as unknown as RequestEvent;
    return handle(event, async (e) => {
      renders.push(e.url.pathname);
      return answer(e.url.pathname);
    });
  };
  return {
    request,
    renders,
    advance: (ms: number) => {
      nowMs += ms;
    },
    answerWith: (next: (path: string) => Response) => {
      answer = next;
    },
  };
}

const text = async (response: Response | null) => (response ? await response.text() : '');

describe('the status page cache in front of SvelteKit', () => {
  it('renders a page once per 10 s and answers everyone else from memory, with validators', async () => {
    const f = fixture();
    const first = await f.request('/s/acme');
    const second = await f.request('/s/acme');
    expect(f.renders).toEqual(['/s/acme']);
    expect(await text(second)).toBe(await text(first));
    expect(second?.headers.get('cache-control')).toMatch(/^public, max-age=10, stale-while-revalidate=/);
    const etag = second?.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const revalidated = await f.request('/s/acme', { 'if-none-match': `W/${etag}, "other"` });
    expect(revalidated?.status).toBe(304);
    const gzipped = await f.request('/s/acme', { 'accept-encoding': 'gzip, br' });
    expect(gzipped?.headers.get('content-encoding')).toBe('gzip');
  });

  it('keys on the page and its variant, not on unrelated query parameters', async () => {
    const f = fixture();
    await f.request('/s/acme?view=regions&utm_source=x');
    await f.request('/s/acme?utm_source=y&view=regions');
    await f.request('/s/acme');
    await f.request('/s/acme/history');
    expect(f.renders).toEqual(['/s/acme', '/s/acme', '/s/acme/history']);
  });

  it('renders again after 10 s; visitors meanwhile get the stored page at once', async () => {
    const f = fixture();
    await f.request('/s/acme');
    f.advance(10_001);
    const [refreshing, meanwhile] = await Promise.all([f.request('/s/acme'), f.request('/s/acme')]);
    expect(f.renders).toEqual(['/s/acme', '/s/acme']);
    expect(await text(meanwhile)).toContain('render 1');
    expect(await text(refreshing)).toContain('render 2');
    expect(await text(await f.request('/s/acme'))).toContain('render 2');
  });

  it('serves the last good page with a "data as of" note while the control plane is unreachable', async () => {
    const f = fixture();
    await f.request('/s/acme');
    f.answerWith(() => new Response('unreachable', { status: 503 }));
    f.advance(60_000);
    const stale = await f.request('/s/acme');
    expect(stale?.status).toBe(200);
    const body = await text(stale);
    expect(body).toContain('render 1');
    expect(body).toMatch(/Showing data as of <time datetime="1970-01-01T00:16:40.000Z">/);
    expect(stale?.headers.get('x-vantage-data-as-of')).toBe('1970-01-01T00:16:40.000Z');
    // Retried only now and then while it stays down; each visitor still gets the page.
    await f.request('/s/acme');
    expect(f.renders).toHaveLength(2);
  });

  it('never stores a protected page: each visitor renders their own', async () => {
    const f = fixture();
    f.answerWith(() => new Response('secret', { headers: { 'cache-control': 'private, no-store' } }));
    const first = await f.request('/s/secret', { cookie: 'a' });
    await f.request('/s/secret', { cookie: 'b' });
    expect(f.renders).toEqual(['/s/secret', '/s/secret']);
    expect(first?.headers.get('cache-control')).toBe('private, no-store');
  });

  it('forwards a custom domain to its page, answers unknown paths there with 404, and leaves the dashboard alone', async () => {
    const f = fixture();
    const page = await f.request('/history', { host: 'status.acme.com:3000' });
    expect(await text(page)).toContain('/s/@status.acme.com/history');
    expect((await f.request('/login', { host: 'status.acme.com' }))?.status).toBe(404);
    expect((await f.request('/s/@status.acme.com'))?.status).toBe(404);
    expect(await f.request('/login')).toBeNull();
    expect(await f.request('/app/acme/monitors', { host: '192.168.1.5:3000' })).toBeNull();
    expect(f.renders).toEqual(['forward /s/@status.acme.com/history']);
  });
});
