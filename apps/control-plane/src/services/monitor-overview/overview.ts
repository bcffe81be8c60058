import { monitorOverviewEndpoints } from '@vantage/api-contract';
import { listMonitorOverviews, listUsableRegions } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { overviewAggregates } from './aggregates-cache.ts';
import { sparklineHoursOf, toMonitorOverviewDto } from './dto.ts';

/**
 * Every monitor of the organization with what its list row shows, in a fixed number of queries however
 * many monitors: two in Postgres (monitors with region states, region names), then one in ClickHouse
 * (30-day timelines and 24 hourly latency buckets) unless a short Redis cache has those.
 */
export const getMonitorOverview = handler(monitorOverviewEndpoints.overview, async (request) => {
  const { app } = request;
  const orgId = requireOrg(request).organization.id;
  const now = new Date();
  const [monitors, regions] = await Promise.all([
    listMonitorOverviews(app.db, orgId),
    listUsableRegions(app.db, orgId),
  ]);
  const monitorIds = monitors.map((monitor) => monitor.id);
  const count = monitorOverviewEndpoints.sparklineHours;
  const { fromMs, bucketMs } = sparklineHoursOf(now, count);
  const { uptime, hourly } = await overviewAggregates(app, { orgId, monitorIds, now });
  const sparkline = { fromMs, bucketMs, count };
  return {
    generatedAt: now.toISOString(),
    sparkline: { from: new Date(fromMs).toISOString(), bucketSeconds: bucketMs / 1000, buckets: count },
    regionNames: Object.fromEntries(regions.map((region) => [region.id, region.name])),
    items: monitors.map((monitor) =>
      toMonitorOverviewDto(monitor, uptime.get(monitor.id), hourly.get(monitor.id) ?? [], sparkline),
    ),
  };
});
