import type { ResultsStore } from './client.ts';

/** Granularity of a rollup table. */
export type RollupBucket = 'minute' | 'hour' | 'day';

/** The rollup granularities, finest first. */
export const rollupBuckets = ['minute', 'hour', 'day'] as const satisfies readonly RollupBucket[];

/** Table of each granularity (migrations/0003_rollups.sql). */
export const rollupTables: Record<RollupBucket, string> = {
  minute: 'check_rollup_1m_v1',
  hour: 'check_rollup_1h_v1',
  day: 'check_rollup_1d_v1',
};

/** Length of each bucket in milliseconds. */
export const bucketMs: Record<RollupBucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** A piece of a time range answered by one rollup table: buckets starting in [fromMs, toMs). */
export interface RollupSegment {
  bucket: RollupBucket;
  fromMs: number;
  toMs: number;
}

const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;
const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

/**
 * Splits [fromMs, toMs) into the fewest rollup reads: whole days from the day table, whole hours at the
 * edges from the hour table, the remaining minutes from the minute table (down to `finest`). A bucket
 * counts when it starts inside the range (a range starting mid-minute leaves that minute out).
 */
export function rollupSegments(
  fromMs: number,
  toMs: number,
  finest: RollupBucket = 'minute',
): RollupSegment[] {
  const finestLevel = rollupBuckets.indexOf(finest);
  const split = (startMs: number, endMs: number, level: number): RollupSegment[] => {
    if (endMs <= startMs) return [];
    const bucket = rollupBuckets[level] ?? 'minute';
    const step = bucketMs[bucket];
    if (level === finestLevel) {
      // Buckets starting in [startMs, endMs): round the start up to the bucket size.
      return ceilTo(startMs, step) < endMs ? [{ bucket, fromMs: startMs, toMs: endMs }] : [];
    }
    const innerStartMs = ceilTo(startMs, step);
    const innerEndMs = floorTo(endMs, step);
    if (innerStartMs >= innerEndMs) return split(startMs, endMs, level - 1);
    return [
      ...split(startMs, innerStartMs, level - 1),
      { bucket, fromMs: innerStartMs, toMs: innerEndMs },
      ...split(innerEndMs, endMs, level - 1),
    ];
  };
  return split(fromMs, toMs, rollupBuckets.length - 1);
}

/** Ranges of a day or more count whole hours at their edges (one table fewer to read); shorter ones minutes. */
export function finestBucketFor(fromMs: number, toMs: number): RollupBucket {
  return toMs - fromMs >= bucketMs.day ? 'hour' : 'minute';
}

/** Checks and successes of one region over a range. */
export interface RegionCounts {
  region: string;
  checks: number;
  successes: number;
}

/** Checks and successes per region of a monitor over [from, to), from the coarsest rollups that answer. */
export async function readSuccessCounts(
  store: ResultsStore,
  input: { orgId: string; monitorId: string; from: Date; to: Date },
): Promise<RegionCounts[]> {
  const [fromMs, toMs] = [input.from.getTime(), input.to.getTime()];
  const segments = rollupSegments(fromMs, toMs, finestBucketFor(fromMs, toMs));
  if (segments.length === 0) return [];
  const params: Record<string, string | number> = {
    database: store.database,
    orgId: input.orgId,
    monitorId: input.monitorId,
  };
  // One read per table (edges of the same granularity share it): fewer subqueries, fewer part scans.
  const reads = rollupBuckets.flatMap((bucket) => {
    const ranges = segments.flatMap((segment, index) => {
      if (segment.bucket !== bucket) return [];
      params[`from${index}`] = Math.floor(segment.fromMs / 1000);
      params[`to${index}`] = Math.ceil(segment.toMs / 1000);
      return [
        `(bucket >= toDateTime({from${index}:Int64}, 'UTC') AND bucket < toDateTime({to${index}:Int64}, 'UTC'))`,
      ];
    });
    if (ranges.length === 0) return [];
    return [
      `SELECT region, sum(checks) AS checks, sum(successes) AS successes
      FROM {database:Identifier}.${rollupTables[bucket]}
      WHERE monitor_id = {monitorId:UUID} AND org_id = {orgId:UUID} AND (${ranges.join(' OR ')})
      GROUP BY region`,
    ];
  });
  const rows = await store.client.query({
    query: `SELECT region, sum(checks) AS checks, sum(successes) AS successes
      FROM (${reads.join(' UNION ALL ')}) GROUP BY region ORDER BY region`,
    query_params: params,
    format: 'JSONEachRow',
  });
  return (await rows.json<{ region: string; checks: string | number; successes: string | number }>()).map(
    (row) => ({ region: row.region, checks: Number(row.checks), successes: Number(row.successes) }),
  );
}
