import { endpointHeaders, pageForEndpoint } from '#lib/server/status-page/endpoint.ts';
import { badgeColors, badgeSvg } from '#lib/status-page/badge.ts';
import { componentLabels, percent } from '#lib/status-page/format.ts';
import type { RequestHandler } from './$types';

const periods = { '24h': 'h24', '7d': 'd7', '30d': 'd30', '90d': 'd90' } as const;

/** Uptime at or above which a badge is green, or amber; below both it is red. */
function uptimeColor(value: number | null): string {
  if (value === null) return badgeColors.unknown!;
  if (value >= 99.9) return badgeColors.up!;
  return value >= 99 ? badgeColors.degraded! : badgeColors.down!;
}

/** A component's badge: `?type=status` (default) its state, `?type=uptime&period=30d` its uptime. */
export const GET: RequestHandler = async (event) => {
  const found = await pageForEndpoint(event);
  if (found instanceof Response) return found;
  const component = found.page.groups
    .flatMap((group) => group.components)
    .find((candidate) => candidate.id === event.params.componentId);
  if (!component) return new Response('No such component on this page.', { status: 404 });
  let svg: string;
  if (event.url.searchParams.get('type') === 'uptime') {
    const period = (event.url.searchParams.get('period') ?? '30d') as keyof typeof periods;
    const key = periods[period] ?? 'd30';
    const value = component.uptime?.[key] ?? null;
    svg = badgeSvg(
      `${component.name} uptime`,
      `${percent(value)} (${period in periods ? period : '30d'})`,
      uptimeColor(value),
    );
  } else {
    const label = (componentLabels[component.state] ?? component.state).toLowerCase();
    svg = badgeSvg(component.name, label, badgeColors[component.state] ?? badgeColors.unknown!);
  }
  return new Response(svg, {
    headers: endpointHeaders('image/svg+xml; charset=utf-8', {
      privateAnswer: found.privateAnswer,
      cors: true,
    }),
  });
};
