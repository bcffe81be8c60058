// Shared start of the machine endpoints (feeds, JSON, badges, widget): the page's data, or the answer
// that replaces it (404, 401 for a protected page, 503 while the control plane is unreachable).
import type { RequestEvent } from '@sveltejs/kit';
import type { PageLocation, PublicPage } from '../../status-page/types.ts';
import { accessTokenOf } from './access.ts';
import { locationOf } from './location.ts';
import { addressOf, isNotFound, isUnavailable, readPublicPage } from './source.ts';

/** Headers of an answer that belongs to one visitor (a protected page): never stored by shared caches. */
export const privateHeaders = {
  'cache-control': 'private, no-store',
  vary: 'Cookie',
  'x-robots-tag': 'noindex',
};

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

/** The page and where it lives, or the response to send instead. */
export async function pageForEndpoint(
  event: RequestEvent,
): Promise<{ page: PublicPage; location: PageLocation; privateAnswer: boolean } | Response> {
  const address = addressOf(event.params.slug ?? '');
  try {
    const read = await readPublicPage(address, accessTokenOf(event.cookies));
    if (read.kind === 'password') {
      return plain(401, 'This status page is protected by a password.', privateHeaders);
    }
    return {
      page: read.data,
      location: locationOf(address, event.request),
      privateAnswer: read.data.page.passwordProtected,
    };
  } catch (cause) {
    if (isNotFound(cause)) return plain(404, 'There is no status page here.');
    if (isUnavailable(cause))
      return plain(503, 'Live status is temporarily unavailable.', { 'retry-after': '5' });
    throw cause;
  }
}

/** Response headers of a machine answer: its type, private headers for protected pages, CORS when open. */
export function endpointHeaders(
  contentType: string,
  options: { privateAnswer: boolean; cors?: boolean },
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    ...(options.cors && !options.privateAnswer ? { 'access-control-allow-origin': '*' } : {}),
    ...(options.privateAnswer ? privateHeaders : {}),
  };
}
