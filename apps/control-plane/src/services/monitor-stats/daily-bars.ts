import { monitorStatsEndpoints } from '@vantage/api-contract';
import { readDailyBars } from '@vantage/results';
import { handler, requireOrg } from '../../http/handler.ts';
import { monitorOr404 } from '../monitors/get.ts';

/** A monitor's daily bars for the last N UTC days, overall and per region (404 for another org's monitor). */
export const getMonitorDailyBars = handler(monitorStatsEndpoints.dailyBars, async (request) => {
  const { app, params, query } = request;
  const orgId = requireOrg(request).organization.id;
  const monitor = await monitorOr404(app.db, orgId, params.id);
  return readDailyBars(app.results, {
    orgId,
    monitorId: monitor.id,
    days: query.days,
    regions: monitor.spec.regions,
    region: query.region,
  });
});
