import { stateSpans, summarizeUptime, type UptimeSummary } from '@vantage/domain';
import type { ResultsStore } from './client.ts';
import { bucketMs, rollupTables } from './rollups.ts';

/** Which monitors of an organization, and the two ranges the overview reads (both end at `to`). */
export interface MonitorsOverviewInput {
  orgId: string;
  monitorIds: readonly string[];
  /** Start of the uptime range. */
  uptimeFrom: Date;
  /** Start of the hourly latency range (rounded down to the hour). */
  latencyFrom: Date;
  to: Date;
}

/** One hour of a monitor's response time, all regions together. */
export interface HourlyLatency {
  atMs: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Per monitor: its time-weighted uptime and its hourly latency (hours without checks absent). */
export interface MonitorsOverview {
  uptime: Map<string, UptimeSummary>;
  hourly: Map<string, HourlyLatency[]>;
}

interface OverviewRow {
  monitor: string;
  /** `initial` (state at the start of the uptime range), `change` (a state change in it) or `hour`. */
  kind: 'initial' | 'change' | 'hour';
  state: string;
  at_ms: string | number;
  p50: number | null;
  p95: number | null;
}

const ms = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value) ? null : Math.round(value * 10) / 10;

/**
 * The monitors list's aggregates for many monitors in ONE query, however many monitors: the monitor-scope
 * timeline over [uptimeFrom, to) summarised as `readUptime`'s overall figure (a monitor without events is
 * unknown throughout), and p50 / p95 of the total response time per hour, regions merged, from the
 * hourly rollup.
 */
export async function readMonitorsOverview(
  store: ResultsStore,
  input: MonitorsOverviewInput,
): Promise<MonitorsOverview> {
  const out: MonitorsOverview = { uptime: new Map(), hourly: new Map() };
  if (input.monitorIds.length === 0) return out;
  const scope = `monitor_id IN {monitorIds:Array(UUID)} AND org_id = {orgId:UUID}`;
  const rows = await store.client.query({
    query: `SELECT toString(monitor_id) AS monitor, 'initial' AS kind, argMax(to_state, (at, event_id)) AS state,
          toInt64(0) AS at_ms, CAST(NULL AS Nullable(Float64)) AS p50, CAST(NULL AS Nullable(Float64)) AS p95
        FROM {database:Identifier}.status_events_v1
        WHERE ${scope} AND scope = 'monitor' AND at < fromUnixTimestamp64Milli({fromMs:Int64})
        GROUP BY monitor
      UNION ALL
      SELECT monitor, 'change' AS kind, state, at_ms, p50, p95 FROM (
        SELECT toString(monitor_id) AS monitor, to_state AS state, toUnixTimestamp64Milli(at) AS at_ms,
            CAST(NULL AS Nullable(Float64)) AS p50, CAST(NULL AS Nullable(Float64)) AS p95
          FROM {database:Identifier}.status_events_v1
          WHERE ${scope} AND scope = 'monitor'
            AND at >= fromUnixTimestamp64Milli({fromMs:Int64}) AND at < fromUnixTimestamp64Milli({toMs:Int64})
          ORDER BY at, event_id LIMIT 1 BY event_id)
      UNION ALL
      SELECT monitor, 'hour' AS kind, '' AS state, at_ms, quantiles[1] AS p50, quantiles[2] AS p95 FROM (
        SELECT toString(monitor_id) AS monitor, toInt64(toUnixTimestamp(bucket)) * 1000 AS at_ms,
            quantilesMerge(0.5, 0.95, 0.99)(total_ms_quantiles) AS quantiles
          FROM {database:Identifier}.${rollupTables.hour}
          WHERE ${scope}
            AND bucket >= toDateTime({hourFromS:Int64}, 'UTC') AND bucket < toDateTime({toS:Int64}, 'UTC')
          GROUP BY monitor, bucket)`,
    query_params: {
      database: store.database,
      orgId: input.orgId,
      monitorIds: [...input.monitorIds],
      fromMs: input.uptimeFrom.getTime(),
      toMs: input.to.getTime(),
      hourFromS: Math.floor(input.latencyFrom.getTime() / bucketMs.hour) * (bucketMs.hour / 1000),
      toS: Math.ceil(input.to.getTime() / 1000),
    },
    format: 'JSONEachRow',
  });
  const timelines = new Map<string, { initial: string | null; changes: { atMs: number; to: string }[] }>();
  for (const row of await rows.json<OverviewRow>()) {
    if (row.kind === 'hour') {
      const hours = out.hourly.get(row.monitor) ?? [];
      hours.push({ atMs: Number(row.at_ms), p50Ms: ms(row.p50), p95Ms: ms(row.p95) });
      out.hourly.set(row.monitor, hours);
      continue;
    }
    const timeline = timelines.get(row.monitor) ?? { initial: null, changes: [] };
    if (row.kind === 'initial') timeline.initial = row.state;
    else timeline.changes.push({ atMs: Number(row.at_ms), to: row.state });
    timelines.set(row.monitor, timeline);
  }
  for (const hours of out.hourly.values()) hours.sort((a, b) => a.atMs - b.atMs);
  const range = { fromMs: input.uptimeFrom.getTime(), toMs: input.to.getTime() };
  for (const id of input.monitorIds) {
    const timeline = timelines.get(id);
    const spans = stateSpans({
      ...range,
      initialState: timeline?.initial ?? null,
      changes: timeline?.changes ?? [],
    });
    out.uptime.set(id, summarizeUptime(spans));
  }
  return out;
}
