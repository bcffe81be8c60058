import { monitorStatsEndpoints } from '@vantage/api-contract';
import { readUptime } from '@vantage/results';
import { handler, requireOrg } from '../../http/handler.ts';
import { monitorOr404 } from '../monitors/get.ts';
import { statsRange } from './range.ts';

/** A monitor's uptime overall and per region over a range (404 for another org's monitor). */
export const getMonitorUptime = handler(monitorStatsEndpoints.uptime, async (request) => {
  const { app, params, query } = request;
  const orgId = requireOrg(request).organization.id;
  const range = statsRange(query);
  const monitor = await monitorOr404(app.db, orgId, params.id);
  return readUptime(app.results, {
    orgId,
    monitorId: monitor.id,
    ...range,
    regions: monitor.spec.regions,
    region: query.region,
  });
});
