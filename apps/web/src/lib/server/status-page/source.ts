// Reads the one-call public JSON of a status page from the control plane, by slug or by custom domain.
import { statusPageEndpoints } from '@vantage/api-contract';
import type { z } from 'zod';
import { ApiError, type ControlPlane, ControlPlaneUnreachable, controlPlane } from '../api.ts';

/** Everything a public status page renders from. */
export type PublicStatusPage = z.output<typeof statusPageEndpoints.publicStatusPageSchema>;

/** Where a page is asked for: its slug (`/s/{slug}`), or the custom domain the request came to. */
export type PageAddress = { kind: 'slug'; slug: string } | { kind: 'domain'; host: string };

/** A page read: its data, or a protected page asking for its password. */
export type PageRead =
  | { kind: 'page'; data: PublicStatusPage }
  | { kind: 'password'; slug: string; title: string };

/** Public reads wait less than dashboard calls: a hung control plane must not hold a visitor long. */
const publicTimeoutMs = 4_000;

/**
 * The route parameter of `/s/[slug]`: a slug, or `@host` for a request that came to a custom domain (the
 * handle hook forwards those to `/s/@{host}/…`).
 */
export function addressOf(param: string): PageAddress {
  return param.startsWith('@')
    ? { kind: 'domain', host: param.slice(1).toLowerCase() }
    : { kind: 'slug', slug: param.toLowerCase() };
}

/** A control-plane client for public reads, sending a protected page's access token when there is one. */
export function publicClient(token: string | undefined): ControlPlane {
  const fetchWithToken: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set(statusPageEndpoints.accessTokenHeader, token);
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(publicTimeoutMs)])
      : AbortSignal.timeout(publicTimeoutMs);
    return fetch(input, { ...init, headers, signal });
  };
  return controlPlane(fetchWithToken, undefined);
}

/** Reads a page; a protected page without a valid token answers `password`. Other failures throw. */
export async function readPublicPage(address: PageAddress, token: string | undefined): Promise<PageRead> {
  const api = publicClient(token);
  try {
    const data =
      address.kind === 'slug'
        ? await api.call(statusPageEndpoints.publicBySlug, { params: { slug: address.slug } })
        : await api.call(statusPageEndpoints.publicByDomain, { params: { host: address.host } });
    return { kind: 'page', data: data! };
  } catch (cause) {
    if (cause instanceof ApiError && cause.code === 'password_required') {
      const details = (cause.details ?? {}) as { slug?: string; title?: string };
      return { kind: 'password', slug: details.slug ?? '', title: details.title ?? 'Status' };
    }
    throw cause;
  }
}

/** Whether a failure means the data could not be had right now (the cache then serves the last render). */
export function isUnavailable(cause: unknown): boolean {
  return cause instanceof ControlPlaneUnreachable || (cause instanceof ApiError && cause.status >= 500);
}

/** Whether a failure means there is no such page. */
export function isNotFound(cause: unknown): boolean {
  return cause instanceof ApiError && (cause.status === 404 || cause.status === 400);
}

/** The slug of the page at `address` (public endpoints that write, such as access and subscribe, take it). */
export async function slugOf(address: PageAddress, token: string | undefined): Promise<string> {
  if (address.kind === 'slug') return address.slug;
  const read = await readPublicPage(address, token).catch(() => null);
  if (read?.kind === 'password') return read.slug;
  return read?.data.page.slug ?? '';
}
