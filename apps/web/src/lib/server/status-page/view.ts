// The start of every public page's load: read the page (or learn it wants a password), map failures to
// the public error page, and mark answers of protected pages private.
import { error, type RequestEvent } from '@sveltejs/kit';
import type { PublicPage } from '../../status-page/types.ts';
import { accessTokenOf } from './access.ts';
import { privateHeaders } from './endpoint.ts';
import { locationOf } from './location.ts';
import { addressOf, isNotFound, isUnavailable, readPublicPage } from './source.ts';

/** A page to draw with `build`, or the password prompt; where the page lives either way. */
export async function loadPublicPage<T>(event: RequestEvent, build: (page: PublicPage) => T) {
  const address = addressOf(event.params.slug ?? '');
  const location = locationOf(address, event.request);
  let read: Awaited<ReturnType<typeof readPublicPage>>;
  try {
    read = await readPublicPage(address, accessTokenOf(event.cookies));
  } catch (cause) {
    if (isNotFound(cause)) error(404, { message: 'There is no status page at this address.' });
    if (isUnavailable(cause)) {
      error(503, {
        message: 'Live status is temporarily unavailable. Please try again in a moment.',
        code: 'unreachable',
      });
    }
    throw cause;
  }
  // A protected page (and its password prompt) belongs to one visitor: no shared cache may keep it.
  if (read.kind === 'password' || read.data.page.passwordProtected) event.setHeaders(privateHeaders);
  if (read.kind === 'password') return { location, locked: { title: read.title }, view: null };
  return { location, locked: null, view: build(read.data) };
}
