// The machine-readable state of a page (`/s/{slug}/status.json`), documented in apps/web/STATUS_JSON.md.
import { incidentUrl } from './feed.ts';
import { overallLabels } from './format.ts';
import type { PageLocation, PublicPage } from './types.ts';

/** Version of the document's shape; bumped only when a field changes meaning or goes away. */
const schemaVersion = 1;

/** The status.json document of a page. */
export function statusJson(page: PublicPage, location: PageLocation) {
  const regionNames = new Map(page.regions.map((region) => [region.id, region.name]));
  return {
    schemaVersion,
    page: { title: page.page.title, url: location.url },
    status: { indicator: page.overall, description: overallLabels[page.overall] ?? page.overall },
    regions: page.regions.map((region) => ({ id: region.id, name: region.name, location: region.location })),
    components: page.groups.flatMap((group) =>
      group.components.map((component) => ({
        id: component.id,
        name: component.name,
        group: group.name,
        status: component.state,
        regions: component.regions.map((region) => ({
          id: region.region,
          name: regionNames.get(region.region) ?? region.region,
          status: region.state,
          uptime: region.uptime,
        })),
        uptime: component.uptime,
      })),
    ),
    activeIncidents: page.activeIncidents.map((incident) => ({
      id: incident.id,
      title: incident.title,
      status: incident.status,
      impact: incident.impact,
      startedAt: incident.startedAt,
      affectedRegions: incident.affectedRegions,
      componentIds: incident.componentIds,
      latestUpdate: incident.updates.at(-1)?.message ?? null,
      url: incidentUrl(location.url, incident),
    })),
    maintenance: {
      ongoing: page.maintenance.ongoing,
      upcoming: page.maintenance.upcoming,
    },
    generatedAt: page.generatedAt,
  };
}
