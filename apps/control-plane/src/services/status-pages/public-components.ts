import type { statusPageEndpoints } from '@vantage/api-contract';
import type { PublicComponentRecord, PublicIncidentRecord, StatusPageRecord } from '@vantage/db';
import {
  clipSpans,
  type DayBar,
  msPerDay,
  type StateSpan,
  summarizeUptime,
  type UptimeClass,
  uptimeClassOf,
  utcDayStartMs,
} from '@vantage/domain';
import type { MonitorTimeline } from '@vantage/results';
import type { z } from 'zod';

type PublicComponent = z.input<typeof statusPageEndpoints.publicComponentSchema>;
type ComponentState = PublicComponent['state'];

/** Days of history a status page shows. */
export const historyDays = 90;

const dayMs = msPerDay;
const uptimeWindowsMs = { h24: dayMs, d7: 7 * dayMs, d30: 30 * dayMs, d90: historyDays * dayMs };

/** The regions a component shows: its monitor's, narrowed by the component's and the page's choices. */
export function componentRegions(
  page: Pick<StatusPageRecord, 'shownRegions'>,
  component: PublicComponentRecord,
): string[] {
  if (!component.monitor) return [];
  const shown = component.monitor.regions.filter(
    (region) =>
      (component.regions.length === 0 || component.regions.includes(region)) &&
      (page.shownRegions.length === 0 || page.shownRegions.includes(region)),
  );
  const order = (region: string) => {
    const index = page.shownRegions.indexOf(region);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return shown.toSorted((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** The regions the page shows, in order: the page's choice, or every region of its components. */
export function pageRegions(
  page: Pick<StatusPageRecord, 'shownRegions'>,
  components: PublicComponentRecord[],
) {
  const used = new Set(components.flatMap((component) => componentRegions(page, component)));
  return page.shownRegions.length > 0
    ? page.shownRegions.filter((region) => used.has(region))
    : [...used].sort();
}

/** Time-weighted uptime of a timeline over the last 24 h, 7, 30 and 90 days. */
function uptimeWindows(spans: readonly StateSpan[], nowMs: number) {
  const percentOver = (windowMs: number) =>
    summarizeUptime(clipSpans(spans, nowMs - windowMs, nowMs)).uptimePercent;
  return {
    h24: percentOver(uptimeWindowsMs.h24),
    d7: percentOver(uptimeWindowsMs.d7),
    d30: percentOver(uptimeWindowsMs.d30),
    d90: percentOver(uptimeWindowsMs.d90),
  };
}

/** What a component shows now: a manual state, or its monitor's (paused reads as unknown). */
function stateOf(component: PublicComponentRecord): ComponentState {
  const { monitor } = component;
  if (!monitor) return component.manualState;
  if (monitor.paused || monitor.status === 'paused') return 'unknown';
  return monitor.status;
}

/** A region's state now: maintenance and pause apply to every region of the monitor. */
function regionStateOf(component: PublicComponentRecord, region: string): ComponentState {
  const state = stateOf(component);
  if (state === 'maintenance' || component.monitor?.paused) return state;
  return component.monitor?.regionStates.find((entry) => entry.region === region)?.state ?? 'unknown';
}

const worstFirst: UptimeClass[] = ['down', 'degraded', 'up', 'maintenance', 'unknown'];

/**
 * Daily bars of the `days` UTC days ending with today (up to now), as the domain's `dailyBars` computes them,
 * but in one pass over the spans: a page draws hundreds of these series per answer.
 */
export function dailyBars(spans: readonly StateSpan[], input: { nowMs: number; days: number }): DayBar[] {
  const firstDayMs = utcDayStartMs(input.nowMs) - (input.days - 1) * msPerDay;
  const totals = Array.from({ length: input.days }, () => ({
    up: 0,
    degraded: 0,
    down: 0,
    maintenance: 0,
    unknown: 0,
  }));
  for (const span of spans) {
    const state = uptimeClassOf(span.state);
    const toMs = Math.min(span.toMs, input.nowMs);
    for (let fromMs = Math.max(span.fromMs, firstDayMs); fromMs < toMs; ) {
      const index = Math.floor((fromMs - firstDayMs) / msPerDay);
      const endMs = Math.min(toMs, firstDayMs + (index + 1) * msPerDay);
      totals[index]![state] += endMs - fromMs;
      fromMs = endMs;
    }
  }
  return totals.map((ms, index) => {
    // One span per class carries the same totals into the shared uptime math (and its rounding).
    const summary = summarizeUptime(worstFirst.map((state) => ({ fromMs: 0, toMs: ms[state], state })));
    return {
      date: new Date(firstDayMs + index * msPerDay).toISOString().slice(0, 10),
      worstState: worstFirst.find((state) => ms[state] > 0) ?? 'unknown',
      downtimeMinutes: summary.downtimeMinutes,
      uptimePercent: summary.uptimePercent,
    };
  });
}

/** How many of these incidents were open at some time of the UTC day starting at `dayStartMs`. */
function incidentsOn(incidents: readonly PublicIncidentRecord[], dayStartMs: number, nowMs: number): number {
  return incidents.filter(
    (incident) =>
      incident.startedAt.getTime() < dayStartMs + dayMs &&
      (incident.resolvedAt?.getTime() ?? nowMs) >= dayStartMs,
  ).length;
}

const barFields = (bar: DayBar) => ({
  worstState: bar.worstState,
  uptimePercent: bar.uptimePercent,
  downtimeMinutes: bar.downtimeMinutes,
});

/**
 * A component as visitors see it: state overall and per shown region, uptime windows, and 90 daily bars
 * overall and per region (each region from its own timeline: regions are never averaged together).
 */
export function toPublicComponent(
  page: Pick<StatusPageRecord, 'shownRegions'>,
  component: PublicComponentRecord,
  input: { timeline: MonitorTimeline | undefined; incidents: readonly PublicIncidentRecord[]; nowMs: number },
): PublicComponent {
  const { nowMs } = input;
  const regions = componentRegions(page, component);
  const timeline = component.monitor ? input.timeline : undefined;
  const range = { nowMs, days: historyDays };
  const monitorId = component.monitorId;
  const incidents = monitorId
    ? input.incidents.filter((incident) => incident.monitorIds.includes(monitorId))
    : [];
  const overallBars = dailyBars(timeline?.monitor ?? [], range);
  const regionSpans = (region: string) => timeline?.regions.get(region) ?? [];
  const regionBars = regions.map((region) => ({ region, bars: dailyBars(regionSpans(region), range) }));
  return {
    id: component.id,
    name: component.name,
    description: component.description,
    state: stateOf(component),
    regions: regions.map((region) => ({
      region,
      state: regionStateOf(component, region),
      uptime: uptimeWindows(regionSpans(region), nowMs),
    })),
    uptime: timeline ? uptimeWindows(timeline.monitor, nowMs) : null,
    dailyBars: overallBars.map((bar, index) => ({
      date: bar.date,
      ...barFields(bar),
      incidents: incidentsOn(incidents, Date.parse(`${bar.date}T00:00:00Z`), nowMs),
      regions: regionBars.map((entry) => ({ region: entry.region, ...barFields(entry.bars[index]!) })),
    })),
  };
}
