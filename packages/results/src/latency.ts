import type { ResultsStore } from './client.ts';
import { bucketMs, type RollupBucket, rollupTables } from './rollups.ts';

/** Latency of one region in one bucket: quantiles of the total time and the phase averages. */
export interface LatencyBucket {
  at: Date;
  region: string;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  checks: number;
}

/** The bucket a latency chart over [from, to) reads by default: at most a few hundred points per region. */
export function defaultLatencyBucket(from: Date, to: Date): RollupBucket {
  const rangeMs = to.getTime() - from.getTime();
  if (rangeMs <= 6 * bucketMs.hour) return 'minute';
  if (rangeMs <= 14 * bucketMs.day) return 'hour';
  return 'day';
}

interface LatencyRow {
  region: string;
  at_s: string | number;
  checks: string | number;
  quantiles: (number | null)[];
  dns: number | null;
  connect: number | null;
  tls: number | null;
  ttfb: number | null;
}

const ms = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value) ? null : Math.round(value * 10) / 10;

/** Latency per bucket (and region) of a monitor: buckets starting in [from rounded down, to), oldest first. */
export async function readLatency(
  store: ResultsStore,
  input: { orgId: string; monitorId: string; from: Date; to: Date; bucket: RollupBucket; region?: string },
): Promise<LatencyBucket[]> {
  const step = bucketMs[input.bucket];
  const rows = await store.client.query({
    query: `SELECT region, toUnixTimestamp(bucket) AS at_s, sum(checks) AS checks,
        quantilesMerge(0.5, 0.95, 0.99)(total_ms_quantiles) AS quantiles,
        avgMerge(dns_ms_avg) AS dns, avgMerge(connect_ms_avg) AS connect,
        avgMerge(tls_ms_avg) AS tls, avgMerge(ttfb_ms_avg) AS ttfb
      FROM {database:Identifier}.${rollupTables[input.bucket]}
      WHERE monitor_id = {monitorId:UUID} AND org_id = {orgId:UUID}
        AND bucket >= toDateTime({fromS:Int64}, 'UTC') AND bucket < toDateTime({toS:Int64}, 'UTC')
        ${input.region === undefined ? '' : 'AND region = {region:String}'}
      GROUP BY region, bucket ORDER BY bucket, region`,
    query_params: {
      database: store.database,
      orgId: input.orgId,
      monitorId: input.monitorId,
      fromS: Math.floor(input.from.getTime() / step) * (step / 1000),
      toS: Math.ceil(input.to.getTime() / 1000),
      region: input.region ?? '',
    },
    format: 'JSONEachRow',
  });
  return (await rows.json<LatencyRow>()).map((row) => ({
    at: new Date(Number(row.at_s) * 1000),
    region: row.region,
    p50Ms: ms(row.quantiles[0]),
    p95Ms: ms(row.quantiles[1]),
    p99Ms: ms(row.quantiles[2]),
    dnsMs: ms(row.dns),
    connectMs: ms(row.connect),
    tlsMs: ms(row.tls),
    ttfbMs: ms(row.ttfb),
    checks: Number(row.checks),
  }));
}
