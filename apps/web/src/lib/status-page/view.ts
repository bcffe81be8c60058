// What the public pages render, prepared on the server from the public JSON. SvelteKit serializes every
// load's data even on pages without client-side rendering, so the views carry only what is drawn (one
// string per daily bar), not the whole JSON: that keeps an uncached render cheap.
import { describeDay, percent } from './format.ts';
import type { PublicComponent, PublicIncident, PublicPage } from './types.ts';

/** One daily bar: `state|tooltip` (`up|12 Mar 2025: operational, 100% uptime`). */
export type Bar = string;

/** A component as the page draws it. */
export interface ComponentView {
  id: string;
  name: string;
  description: string;
  state: string;
  /** `24 h 100% · 7 d 99.99% · …`; null for a component set by hand (no history). */
  uptimeText: string | null;
  d90: number | null;
  regions: {
    region: string;
    name: string;
    state: string;
    d30: number | null;
    d90: number | null;
    bars: Bar[] | null;
  }[];
  /** 90 days overall, oldest first; empty without history. */
  bars: Bar[];
}

/** The main page's view. */
export interface PageView {
  page: PublicPage['page'];
  overall: PublicPage['overall'];
  generatedAt: string;
  regions: PublicPage['regions'];
  groups: { id: string | null; name: string | null; components: ComponentView[] }[];
  activeIncidents: PublicIncident[];
  /** The last few resolved incidents (the history page has them all). */
  recentResolved: PublicIncident[];
  maintenance: PublicPage['maintenance'];
  names: Names;
}

/** Region and component names by id, for incidents and maintenance that name them by id. */
export interface Names {
  regions: Record<string, string>;
  components: Record<string, string>;
}

/** Names of a page's regions and components. */
export function namesOf(page: PublicPage): Names {
  return {
    regions: Object.fromEntries(page.regions.map((region) => [region.id, region.name])),
    components: Object.fromEntries(
      page.groups.flatMap((group) => group.components.map((component) => [component.id, component.name])),
    ),
  };
}

const bar = (day: Parameters<typeof describeDay>[0]): Bar => `${day.worstState}|${describeDay(day)}`;

function componentView(component: PublicComponent, names: Names, perRegion: boolean): ComponentView {
  const { uptime } = component;
  const history = uptime !== null;
  return {
    id: component.id,
    name: component.name,
    description: component.description,
    state: component.state,
    uptimeText: uptime
      ? `24 h ${percent(uptime.h24)} · 7 d ${percent(uptime.d7)} · 30 d ${percent(uptime.d30)} · 90 d ${percent(uptime.d90)}`
      : null,
    d90: uptime?.d90 ?? null,
    regions: component.regions.map((region) => ({
      region: region.region,
      name: names.regions[region.region] ?? region.region,
      state: region.state,
      d30: region.uptime.d30,
      d90: region.uptime.d90,
      bars:
        history && perRegion
          ? component.dailyBars.map((day) => {
              const entry = day.regions.find((candidate) => candidate.region === region.region);
              return bar({
                date: day.date,
                worstState: 'unknown',
                uptimePercent: null,
                downtimeMinutes: 0,
                ...entry,
              });
            })
          : null,
    })),
    bars: history && !perRegion ? component.dailyBars.map(bar) : [],
  };
}

/** The main page's view: bars overall, or per region (`?view=regions`). */
export function pageView(page: PublicPage, perRegion: boolean): PageView {
  const names = namesOf(page);
  return {
    page: page.page,
    overall: page.overall,
    generatedAt: page.generatedAt,
    regions: page.regions,
    groups: page.groups.map((group) => ({
      id: group.id,
      name: group.name,
      components: group.components.map((component) => componentView(component, names, perRegion)),
    })),
    activeIncidents: page.activeIncidents,
    recentResolved: page.recentIncidents.filter((incident) => incident.resolvedAt !== null).slice(0, 5),
    maintenance: page.maintenance,
    names,
  };
}

/** The history page's view: incidents and names only. */
export function historyView(page: PublicPage) {
  return {
    page: page.page,
    generatedAt: page.generatedAt,
    incidents: page.recentIncidents,
    names: namesOf(page),
  };
}

/** What the frame of a protected page shows before its password is given: the title only. */
export function lockedPage(title: string): PublicPage['page'] {
  return {
    slug: '',
    title,
    description: '',
    branding: { logoUrl: null, faviconUrl: null, brandColor: null, accentColor: null },
    footerLinks: [],
    showPoweredBy: false,
    passwordProtected: true,
  };
}
