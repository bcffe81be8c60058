import { endpointHeaders, pageForEndpoint } from '#lib/server/status-page/endpoint.ts';
import { embedHtml } from '#lib/status-page/embed.ts';
import type { RequestHandler } from './$types';

/** The widget's iframe document: the overall state linking to the page (`?theme=light|dark`). */
export const GET: RequestHandler = async (event) => {
  const found = await pageForEndpoint(event);
  if (found instanceof Response) return found;
  const html = embedHtml({
    title: found.page.page.title,
    overall: found.page.overall,
    pageUrl: found.location.url,
    theme: event.url.searchParams.get('theme') ?? '',
  });
  return new Response(html, {
    headers: endpointHeaders('text/html; charset=utf-8', { privateAnswer: found.privateAnswer }),
  });
};
