import { monitorStatsEndpoints } from '@vantage/api-contract';
import { bucketMs, defaultLatencyBucket, readLatency } from '@vantage/results';
import { handler, requireOrg } from '../../http/handler.ts';
import { monitorOr404 } from '../monitors/get.ts';
import { invalid, statsRange } from './range.ts';

/** Most buckets one latency answer may hold per region (a minute chart covers up to two days). */
const maxBuckets = 3000;

/** A monitor's latency quantiles per bucket and region (404 for another org's monitor). */
export const getMonitorLatency = handler(monitorStatsEndpoints.latency, async (request) => {
  const { app, params, query } = request;
  const orgId = requireOrg(request).organization.id;
  const range = statsRange(query);
  const bucket = query.bucket ?? defaultLatencyBucket(range.from, range.to);
  if ((range.to.getTime() - range.from.getTime()) / bucketMs[bucket] > maxBuckets) {
    throw invalid('query.bucket', `Too many ${bucket} buckets for this range; use a coarser bucket`);
  }
  const monitor = await monitorOr404(app.db, orgId, params.id);
  const buckets = await readLatency(app.results, {
    orgId,
    monitorId: monitor.id,
    ...range,
    bucket,
    region: query.region,
  });
  return { bucket, buckets: buckets.map((item) => ({ ...item, at: item.at.toISOString() })) };
});
