import { endpointHeaders, pageForEndpoint } from '#lib/server/status-page/endpoint.ts';
import { badgeColors, badgeSvg } from '#lib/status-page/badge.ts';
import { overallShort } from '#lib/status-page/format.ts';
import type { RequestHandler } from './$types';

/** Shields-style badge of the page's overall state. */
export const GET: RequestHandler = async (event) => {
  const found = await pageForEndpoint(event);
  if (found instanceof Response) return found;
  const { overall } = found.page;
  const svg = badgeSvg(
    'status',
    overallShort[overall] ?? overall,
    badgeColors[overall] ?? badgeColors.unknown!,
  );
  return new Response(svg, {
    headers: endpointHeaders('image/svg+xml; charset=utf-8', {
      privateAnswer: found.privateAnswer,
      cors: true,
    }),
  });
};
