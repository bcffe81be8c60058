import {
  overlayMonitorSpans,
  type StateSpan,
  stateSpans,
  summarizeUptime,
  type UptimeSummary,
} from '@vantage/domain';
import type { ResultsStore } from './client.ts';
import { readSuccessCounts } from './rollups.ts';

/** A monitor's timeline over a range: monitor-scope spans and, per region, spans with maintenance laid over. */
export interface MonitorTimeline {
  monitor: StateSpan[];
  regions: Map<string, StateSpan[]>;
}

interface TimelineRow {
  monitor: string;
  scope: string;
  region: string;
  state: string;
  at_ms: string | number;
  /** 1 for the state holding at `from` (the last change before it), 0 for a change inside the range. */
  initial: number;
}

/** One query for any number of monitors: each scope's state at `from`, then the changes in [from, to), each once. */
async function readTimelineRows(
  store: ResultsStore,
  input: { orgId: string; monitorIds: readonly string[]; from: Date; to: Date },
): Promise<TimelineRow[]> {
  const rows = await store.client.query({
    query: `SELECT toString(monitor_id) AS monitor, scope, region, argMax(to_state, (at, event_id)) AS state,
          0 AS at_ms, 1 AS initial
        FROM {database:Identifier}.status_events_v1
        WHERE monitor_id IN {monitorIds:Array(UUID)} AND org_id = {orgId:UUID}
          AND at < fromUnixTimestamp64Milli({fromMs:Int64})
        GROUP BY monitor_id, scope, region
      UNION ALL
      SELECT toString(monitor_id) AS monitor, scope, region, to_state AS state,
          toUnixTimestamp64Milli(at) AS at_ms, 0 AS initial
        FROM {database:Identifier}.status_events_v1
        WHERE monitor_id IN {monitorIds:Array(UUID)} AND org_id = {orgId:UUID}
          AND at >= fromUnixTimestamp64Milli({fromMs:Int64}) AND at < fromUnixTimestamp64Milli({toMs:Int64})
        ORDER BY at, event_id LIMIT 1 BY event_id`,
    query_params: {
      database: store.database,
      orgId: input.orgId,
      monitorIds: [...input.monitorIds],
      fromMs: input.from.getTime(),
      toMs: input.to.getTime(),
    },
    // Arrays rather than objects: a status page may read thousands of rows, and parsing them dominates.
    format: 'JSONCompactEachRow',
  });
  const tuples = await rows.json<[string, string, string, string, string | number, number]>();
  return tuples.map(([monitor, scope, region, state, at_ms, initial]) => ({
    monitor,
    scope,
    region,
    state,
    at_ms,
    initial,
  }));
}

/** One monitor's timeline from its rows. */
function toTimeline(
  rows: readonly TimelineRow[],
  range: { fromMs: number; toMs: number },
  regions: readonly string[] = [],
): MonitorTimeline {
  const initial = rows.filter((row) => row.initial === 1);
  const events = rows
    .filter((row) => row.initial !== 1)
    .map((row) => ({ scope: row.scope, region: row.region, to: row.state, atMs: Number(row.at_ms) }));
  const spansOf = (scope: string, region: string) =>
    stateSpans({
      ...range,
      initialState: initial.find((row) => row.scope === scope && row.region === region)?.state ?? null,
      changes: events
        .filter((event) => event.scope === scope && event.region === region)
        .map((event) => ({ atMs: event.atMs, to: event.to })),
    });
  const monitor = spansOf('monitor', '');
  const names = new Set([
    ...regions,
    ...initial.filter((row) => row.scope === 'region').map((row) => row.region),
    ...events.filter((event) => event.scope === 'region').map((event) => event.region),
  ]);
  const regionSpans = new Map(
    [...names].sort().map((region) => [region, overlayMonitorSpans(spansOf('region', region), monitor)]),
  );
  return { monitor, regions: regionSpans };
}

/** Reads a monitor's status timeline over [from, to) with the state holding at `from`. */
export async function readTimeline(
  store: ResultsStore,
  input: { orgId: string; monitorId: string; from: Date; to: Date; regions?: readonly string[] },
): Promise<MonitorTimeline> {
  const timelines = await readTimelines(store, {
    orgId: input.orgId,
    monitors: [{ id: input.monitorId, regions: input.regions ?? [] }],
    from: input.from,
    to: input.to,
  });
  return timelines.get(input.monitorId)!;
}

/**
 * Reads the timelines of several monitors of one organization over [from, to) in ONE query (chDB runs
 * queries one at a time, so a status page must not ask per monitor); `regions` adds regions without events.
 */
export async function readTimelines(
  store: ResultsStore,
  input: {
    orgId: string;
    monitors: readonly { id: string; regions?: readonly string[] }[];
    from: Date;
    to: Date;
  },
): Promise<Map<string, MonitorTimeline>> {
  const ids = [...new Set(input.monitors.map((monitor) => monitor.id))];
  const rows = ids.length === 0 ? [] : await readTimelineRows(store, { ...input, monitorIds: ids });
  const byMonitor = Map.groupBy(rows, (row) => row.monitor);
  const range = { fromMs: input.from.getTime(), toMs: input.to.getTime() };
  return new Map(
    input.monitors.map((monitor) => [
      monitor.id,
      toTimeline(byMonitor.get(monitor.id) ?? [], range, monitor.regions),
    ]),
  );
}

/** Uptime of one scope: time-weighted from the timeline, plus the raw success ratio of its checks. */
export interface UptimeReport extends UptimeSummary {
  /** Successful checks / checks from the rollups; null without checks. */
  successRatio: number | null;
  checks: number;
}

/** Uptime overall (the monitor-scope timeline, never an average of regions) and per region. */
export interface MonitorUptime {
  overall: UptimeReport;
  regions: (UptimeReport & { region: string })[];
}

const ratio = (successes: number, checks: number) =>
  checks === 0 ? null : Math.round((successes / checks) * 1_000_000) / 1_000_000;

/** A monitor's uptime over [from, min(to, now)); `regions` adds regions without events; `region` filters. */
export async function readUptime(
  store: ResultsStore,
  input: {
    orgId: string;
    monitorId: string;
    from: Date;
    to: Date;
    now?: Date;
    regions?: readonly string[];
    region?: string;
  },
): Promise<MonitorUptime> {
  const to = new Date(Math.min(input.to.getTime(), (input.now ?? new Date()).getTime()));
  const from = new Date(Math.min(input.from.getTime(), to.getTime()));
  const range = { orgId: input.orgId, monitorId: input.monitorId, from, to };
  const [timeline, counts] = await Promise.all([
    readTimeline(store, { ...range, regions: input.regions }),
    readSuccessCounts(store, range),
  ]);
  const total = counts.reduce(
    (sum, row) => ({ checks: sum.checks + row.checks, successes: sum.successes + row.successes }),
    { checks: 0, successes: 0 },
  );
  // A region with checks but no timeline yet (its first state change not written) is unknown throughout.
  const unknown = stateSpans({ fromMs: from.getTime(), toMs: to.getTime(), initialState: null, changes: [] });
  for (const row of counts) if (!timeline.regions.has(row.region)) timeline.regions.set(row.region, unknown);
  const regions = [...timeline.regions.entries()]
    .filter(([region]) => input.region === undefined || region === input.region)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, spans]) => {
      const row = counts.find((count) => count.region === region) ?? { checks: 0, successes: 0 };
      return {
        region,
        ...summarizeUptime(spans),
        successRatio: ratio(row.successes, row.checks),
        checks: row.checks,
      };
    });
  return {
    overall: {
      ...summarizeUptime(timeline.monitor),
      successRatio: ratio(total.successes, total.checks),
      checks: total.checks,
    },
    regions,
  };
}
