import { endpointHeaders, pageForEndpoint } from '#lib/server/status-page/endpoint.ts';
import { widgetScript } from '#lib/status-page/embed.ts';
import type { RequestHandler } from './$types';

/** `<script src=".../widget.js">` inserts the widget's iframe where the tag is. */
export const GET: RequestHandler = async (event) => {
  const found = await pageForEndpoint(event);
  if (found instanceof Response) return found;
  const theme = event.url.searchParams.get('theme');
  const query = theme === 'light' || theme === 'dark' ? `?theme=${theme}` : '';
  return new Response(widgetScript(`${found.location.url}/embed${query}`, found.page.page.title), {
    headers: endpointHeaders('text/javascript; charset=utf-8', {
      privateAnswer: found.privateAnswer,
      cors: true,
    }),
  });
};
