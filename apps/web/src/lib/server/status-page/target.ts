// Which requests are public status page requests, and under which cache key and route they are served.
import type { RequestEvent } from '@sveltejs/kit';

/** A public status page request: its cache key and, for a custom domain, the route it is forwarded to. */
export interface StatusPageTarget {
  /** `/s/acme`, `/s/acme/history`, `/s/@status.acme.com/feed.rss`, plus the query that changes the answer. */
  key: string;
  /** The path the page is rendered under (`/s/@host/…` for a custom domain). */
  internalPath: string;
  /** The request came to a customer's own domain (forwarded to `internalPath`). */
  customDomain: boolean;
  /** GET of a page, feed or badge: served from the render cache. */
  cacheable: boolean;
}

/** Query parameters that change a public answer; every other parameter is ignored (and not keyed on). */
const variantParameters = ['view', 'type', 'period', 'theme'] as const;

/** Paths a custom domain serves (below `/s/{slug}` on the dashboard); anything else is a plain 404. */
const publicPaths =
  /^(?:|\/history|\/feed\.rss|\/feed\.atom|\/status\.json|\/badge\.svg|\/badge\/[^/]+\.svg|\/embed|\/widget\.js)$/;

/** `Host` without its port, lower case, without a trailing dot (`[::1]` keeps its brackets). */
export function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  const name = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.split(':')[0]!;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * Whether a host is the dashboard's own: its configured host, loopback names, any IP address (a custom
 * domain is always a DNS name) and single-label names (`web` inside a container network).
 */
export function isDashboardHost(hostname: string, dashboardHosts: ReadonlySet<string>): boolean {
  return (
    hostname === '' ||
    dashboardHosts.has(hostname) ||
    !hostname.includes('.') ||
    hostname.startsWith('[') ||
    /^[0-9.]+$/.test(hostname)
  );
}

function variantOf(url: URL): string {
  const parts: string[] = [];
  for (const name of variantParameters) {
    const value = url.searchParams.get(name);
    if (value) parts.push(`${name}=${encodeURIComponent(value.slice(0, 40))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/**
 * The status page target of a request, `null` for a dashboard request, or `'not-found'` for an address
 * that only forwarded custom-domain requests may use.
 */
export function statusPageTargetOf(
  event: RequestEvent,
  dashboardHosts: ReadonlySet<string>,
): StatusPageTarget | 'not-found' | null {
  const hostname = hostnameOf(event.request.headers.get('host') ?? event.url.host);
  const customDomain = !isDashboardHost(hostname, dashboardHosts);
  const path = event.url.pathname;
  let internalPath: string;
  if (customDomain) {
    const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
    // Only the page's own addresses are forwarded: SvelteKit fetches unmatched sub-requests over the network.
    if (!publicPaths.test(trimmed)) return 'not-found';
    internalPath = `/s/@${hostname}${trimmed}`;
  } else {
    if (!path.startsWith('/s/')) return null;
    if (path.startsWith('/s/@')) return 'not-found';
    internalPath = path;
  }
  // Subscription links carry a reader's token: never one shared render.
  const cacheable =
    event.request.method === 'GET' &&
    !path.endsWith('/__data.json') &&
    !/\/(?:subscribe|unsubscribe)(?:\/|$)/.test(path);
  return { key: internalPath + variantOf(event.url), internalPath, customDomain, cacheable };
}
