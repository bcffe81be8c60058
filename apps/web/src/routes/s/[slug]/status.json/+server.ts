import { endpointHeaders, pageForEndpoint } from '#lib/server/status-page/endpoint.ts';
import { statusJson } from '#lib/status-page/status-json.ts';
import { safeJson } from '#lib/status-page/xml.ts';
import type { RequestHandler } from './$types';

/** The page's current state as JSON (documented in apps/web/STATUS_JSON.md), readable from any origin. */
export const GET: RequestHandler = async (event) => {
  const found = await pageForEndpoint(event);
  if (found instanceof Response) return found;
  return new Response(safeJson(statusJson(found.page, found.location)), {
    headers: endpointHeaders('application/json; charset=utf-8', {
      privateAnswer: found.privateAnswer,
      cors: true,
    }),
  });
};
