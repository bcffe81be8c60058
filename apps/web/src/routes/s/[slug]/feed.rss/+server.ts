import { endpointHeaders, pageForEndpoint } from '#lib/server/status-page/endpoint.ts';
import { rssFeed } from '#lib/status-page/feed.ts';
import type { RequestHandler } from './$types';

/** RSS 2.0 feed of the page's incidents. */
export const GET: RequestHandler = async (event) => {
  const found = await pageForEndpoint(event);
  if (found instanceof Response) return found;
  const { page, location } = found;
  const body = rssFeed({
    title: page.page.title,
    description: page.page.description,
    pageUrl: location.url,
    feedUrl: `${location.url}/feed.rss`,
    incidents: page.recentIncidents,
    generatedAt: page.generatedAt,
  });
  return new Response(body, {
    headers: endpointHeaders('application/rss+xml; charset=utf-8', {
      privateAnswer: found.privateAnswer,
      cors: true,
    }),
  });
};
