import { resultEndpoints } from '@vantage/api-contract';
import { latestResults } from '@vantage/results';
import { handler, requireOrg } from '../../http/handler.ts';
import { monitorOr404 } from '../monitors/get.ts';
import { toCheckResultDto } from './dto.ts';

/** A monitor's latest check results from ClickHouse, newest first (404 for another org's monitor). */
export const listMonitorResults = handler(resultEndpoints.list, async (request) => {
  const { app, params, query } = request;
  const orgId = requireOrg(request).organization.id;
  const monitor = await monitorOr404(app.db, orgId, params.id);
  const results = await latestResults(app.results, {
    monitorId: monitor.id,
    orgId,
    region: query.region,
    limit: query.limit,
  });
  return { items: results.map(toCheckResultDto), nextCursor: null };
});
