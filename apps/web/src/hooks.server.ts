import type { Handle, HandleServerError } from '@sveltejs/kit';
import { controlPlane } from '#lib/server/api.ts';
import { sessionCookieName } from '#lib/server/session.ts';
import { handleStatusPage } from '#lib/server/status-page/index.ts';

/** Every request gets a control-plane client carrying the visitor's session. */
export const handle: Handle = async ({ event, resolve }) => {
  if (isCrossSiteWrite(event.request) && !isOneClickUnsubscribe(event.url)) {
    return new Response('Cross-site form submissions are forbidden', { status: 403 });
  }
  const token = event.cookies.get(sessionCookieName);
  event.locals.sessionToken = token;
  event.locals.api = controlPlane(fetch, token, clientAddressOf(event));
  // Public status pages (and custom domains) are answered from their render cache before anything renders.
  return (await handleStatusPage(event, resolve)) ?? resolve(event);
};

/** The visitor's address as the adapter sees it (undefined when it cannot tell). */
function clientAddressOf(event: Parameters<Handle>[0]['event']): string | undefined {
  try {
    return event.getClientAddress();
  } catch {
    return undefined;
  }
}

/** Unexpected errors: a plain message for the page, details in the log. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status !== 404) console.error(`web: ${event.request.method} ${event.url.pathname}:`, error);
  return { message: status === 404 ? 'Page not found' : 'Something went wrong on our side' };
};

/**
 * A mail provider's one-click unsubscribe (RFC 8058): a POST without Origin to the signed link in the
 * email. The token is the proof, and unsubscribing is all it can do.
 */
function isOneClickUnsubscribe(url: URL): boolean {
  return /^(\/s\/[^/]+)?\/unsubscribe$/.test(url.pathname) && url.searchParams.has('token');
}

/** A state-changing request whose Origin is not the host it was sent to (CSRF). */
function isCrossSiteWrite(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  if (!origin || !host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
