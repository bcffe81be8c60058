import type { statusPageEndpoints } from '@vantage/api-contract';
import type {
  MaintenanceWindowRecord,
  PublicComponentRecord,
  PublicIncidentRecord,
  PublicStatusPageRecord,
  StatusPageGroupRecord,
} from '@vantage/db';
import { hasFeature, plans } from '@vantage/domain';
import type { MonitorTimeline } from '@vantage/results';
import type { z } from 'zod';
import { nextOccurrences, occurrenceAt } from '../maintenance-windows/index.ts';
import { layoutOf } from './dto.ts';
import { pageRegions, toPublicComponent } from './public-components.ts';

type PublicPage = z.input<typeof statusPageEndpoints.publicStatusPageSchema>;
type PublicComponent = z.input<typeof statusPageEndpoints.publicComponentSchema>;
type Overall = PublicPage['overall'];

/** Everything read for one public page. */
export interface PublicPageData {
  page: PublicStatusPageRecord;
  groups: StatusPageGroupRecord[];
  components: PublicComponentRecord[];
  incidents: PublicIncidentRecord[];
  windows: MaintenanceWindowRecord[];
  timelines: Map<string, MonitorTimeline>;
  regionNames: { id: string; name: string; location: string }[];
  now: Date;
}

/** How far ahead upcoming maintenance is announced. */
const upcomingMaintenanceMs = 30 * 24 * 3_600_000;
const worstFirst: Overall[] = ['major_outage', 'partial_outage', 'degraded', 'maintenance', 'operational'];

const impactOverall: Record<PublicIncidentRecord['impact'], Overall> = {
  critical: 'major_outage',
  major: 'partial_outage',
  minor: 'degraded',
  none: 'operational',
};

/**
 * The page's overall state: a component down is a major outage; a component with a region down is a
 * partial outage (the regional view: one region out is shown, not hidden); slowness is degraded. Open
 * incidents raise it by their impact; maintenance shows when nothing is worse.
 */
function overallOf(
  components: PublicComponent[],
  incidents: PublicIncidentRecord[],
  maintenance: boolean,
): Overall {
  const candidates: Overall[] = incidents.map((incident) => impactOverall[incident.impact]);
  for (const component of components) {
    if (component.state === 'down') candidates.push('major_outage');
    else if (component.regions.some((region) => region.state === 'down')) candidates.push('partial_outage');
    else if (component.state === 'degraded') candidates.push('degraded');
    else if (component.state === 'maintenance') candidates.push('maintenance');
  }
  if (maintenance) candidates.push('maintenance');
  return worstFirst.find((state) => candidates.includes(state)) ?? 'operational';
}

function componentIdsOf(components: PublicComponentRecord[], monitorIds: readonly string[]): string[] {
  return components
    .filter((component) => component.monitorId !== null && monitorIds.includes(component.monitorId))
    .map((component) => component.id);
}

function toPublicIncident(incident: PublicIncidentRecord, components: PublicComponentRecord[]) {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    startedAt: incident.startedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    affectedRegions: incident.affectedRegions,
    componentIds: componentIdsOf(components, incident.monitorIds),
    updates: incident.updates.map((update) => ({ ...update, createdAt: update.createdAt.toISOString() })),
  };
}

/** Ongoing and upcoming (next 30 days) maintenance of the page's monitors. */
function maintenanceOf(windows: MaintenanceWindowRecord[], components: PublicComponentRecord[], now: Date) {
  const ongoing: PublicPage['maintenance']['ongoing'] = [];
  const upcoming: PublicPage['maintenance']['upcoming'] = [];
  for (const window of windows) {
    const componentIds = componentIdsOf(components, window.monitorIds);
    if (componentIds.length === 0) continue;
    const entry = (span: { startsAt: Date; endsAt: Date }) => ({
      id: window.id,
      title: window.title,
      startsAt: span.startsAt.toISOString(),
      endsAt: span.endsAt.toISOString(),
      componentIds,
    });
    const current = occurrenceAt(window, now);
    if (current) ongoing.push(entry(current));
    for (const span of nextOccurrences(window, now, 3)) {
      if (span.startsAt > now && span.startsAt.getTime() - now.getTime() <= upcomingMaintenanceMs) {
        upcoming.push(entry(span));
      }
    }
  }
  const byStart = (a: { startsAt: string }, b: { startsAt: string }) => a.startsAt.localeCompare(b.startsAt);
  return { ongoing: ongoing.sort(byStart), upcoming: upcoming.sort(byStart).slice(0, 20) };
}

/** Builds the one answer a public status page renders from. */
export function toPublicPage(data: PublicPageData): PublicPage {
  const { page, components, now } = data;
  const plan = plans[page.plan];
  const branded = hasFeature(plan, 'custom_branding');
  const nowMs = now.getTime();
  const built = new Map(
    components.map((component) => [
      component.id,
      toPublicComponent(page, component, {
        timeline: component.monitorId ? data.timelines.get(component.monitorId) : undefined,
        incidents: data.incidents,
        nowMs,
      }),
    ]),
  );
  const active = data.incidents.filter((incident) => incident.resolvedAt === null);
  const maintenance = maintenanceOf(data.windows, components, now);
  const names = new Map(data.regionNames.map((region) => [region.id, region]));
  return {
    page: {
      slug: page.slug,
      title: page.title,
      description: page.description,
      // Branding left from a plan that included it is not shown on a plan that does not.
      branding: {
        logoUrl: branded ? page.logoUrl : null,
        faviconUrl: branded ? page.faviconUrl : null,
        brandColor: branded ? page.brandColor : null,
        accentColor: branded ? page.accentColor : null,
      },
      footerLinks: branded ? page.footerLinks : [],
      showPoweredBy: page.plan === 'free',
      passwordProtected: page.passwordHash !== null,
    },
    overall: overallOf([...built.values()], active, maintenance.ongoing.length > 0),
    regions: pageRegions(page, components).map((id) => names.get(id) ?? { id, name: id, location: '' }),
    groups: layoutOf(data.groups, components).map((slot) => ({
      id: slot.group?.id ?? null,
      name: slot.group?.name ?? null,
      components: slot.components.map((component) => built.get(component.id)!),
    })),
    activeIncidents: active.map((incident) => toPublicIncident(incident, components)),
    maintenance,
    recentIncidents: data.incidents.map((incident) => toPublicIncident(incident, components)),
    generatedAt: now.toISOString(),
  };
}
