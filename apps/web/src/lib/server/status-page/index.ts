// The public status pages' render cache and handle step of this web process.
import { config } from '../config.ts';
import { RenderCache } from './cache.ts';
import { createStatusPageFastPath, fastPathGlobal } from './fast-path.ts';
import { createStatusPageHandle, publicCacheControl } from './handle.ts';

/** Rendered public pages, feeds and badges of this process. */
export const statusPageCache = new RenderCache();

const freshMs = config.statusPageCacheSeconds * 1000;
const dashboardHosts = new Set([new URL(config.webOrigin).hostname, '127.0.0.1', 'localhost', '[::1]']);

/** The handle step for public status pages (see handle.ts); null for every other request. */
export const handleStatusPage = createStatusPageHandle({ cache: statusPageCache, freshMs, dashboardHosts });

// `apps/web/serve.js` answers fresh cached renders with this before SvelteKit sees the request.
(globalThis as Record<string, unknown>)[fastPathGlobal] = createStatusPageFastPath({
  cache: statusPageCache,
  freshMs,
  cacheControl: publicCacheControl(Math.round(freshMs / 1000)),
  dashboardHosts,
});

/** Forgets every cached render of a page after it was edited here, so its owner sees the change at once. */
export function purgeStatusPage(page: { slug: string; customDomain?: string | null }): void {
  statusPageCache.purgePage(`/s/${page.slug}`);
  if (page.customDomain) statusPageCache.purgePage(`/s/@${page.customDomain}`);
}
