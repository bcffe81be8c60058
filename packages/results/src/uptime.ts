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
  scope: string;
  region: string;
  state: string;
  at_ms: string | number;
  /** 1 for the state holding at `from` (the last change before it), 0 for a change inside the range. */
  initial: number;
}

/** One query: the state of each scope/region at `from`, then the changes in [from, to), each once. */
async function readTimelineRows(
  store: ResultsStore,
  input: { orgId: string; monitorId: string; from: Date; to: Date },
): Promise<TimelineRow[]> {
  const rows = await store.client.query({
    query: `SELECT scope, region, argMax(to_state, (at, event_id)) AS state, 0 AS at_ms, 1 AS initial
        FROM {database:Identifier}.status_events_v1
        WHERE monitor_id = {monitorId:UUID} AND org_id = {orgId:UUID}
          AND at < fromUnixTimestamp64Milli({fromMs:Int64})
        GROUP BY scope, region
      UNION ALL
      SELECT scope, region, to_state AS state, toUnixTimestamp64Milli(at) AS at_ms, 0 AS initial
        FROM {database:Identifier}.status_events_v1
        WHERE monitor_id = {monitorId:UUID} AND org_id = {orgId:UUID}
          AND at >= fromUnixTimestamp64Milli({fromMs:Int64}) AND at < fromUnixTimestamp64Milli({toMs:Int64})
        ORDER BY at, event_id LIMIT 1 BY event_id`,
    query_params: {
      database: store.database,
      orgId: input.orgId,
      monitorId: input.monitorId,
      fromMs: input.from.getTime(),
      toMs: input.to.getTime(),
    },
    format: 'JSONEachRow',
  });
  return rows.json<TimelineRow>();
}

/** Reads a monitor's status timeline over [from, to) with the state holding at `from`. */
export async function readTimeline(
  store: ResultsStore,
  input: { orgId: string; monitorId: string; from: Date; to: Date; regions?: readonly string[] },
): Promise<MonitorTimeline> {
  const rows = await readTimelineRows(store, input);
  const initial = rows.filter((row) => row.initial === 1);
  const events = rows
    .filter((row) => row.initial !== 1)
    .map((row) => ({ scope: row.scope, region: row.region, to: row.state, at: new Date(Number(row.at_ms)) }));
  const range = { fromMs: input.from.getTime(), toMs: input.to.getTime() };
  const spansOf = (scope: string, region: string) =>
    stateSpans({
      ...range,
      initialState: initial.find((row) => row.scope === scope && row.region === region)?.state ?? null,
      changes: events
        .filter((event) => event.scope === scope && event.region === region)
        .map((event) => ({ atMs: event.at.getTime(), to: event.to })),
    });
  const monitor = spansOf('monitor', '');
  const names = new Set([
    ...(input.regions ?? []),
    ...initial.filter((row) => row.scope === 'region').map((row) => row.region),
    ...events.filter((event) => event.scope === 'region').map((event) => event.region),
  ]);
  const regions = new Map(
    [...names].sort().map((region) => [region, overlayMonitorSpans(spansOf('region', region), monitor)]),
  );
  return { monitor, regions };
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
