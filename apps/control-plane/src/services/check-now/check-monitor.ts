import { checkNowEndpoints } from '@vantage/api-contract';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { monitorOr404 } from '../monitors/get.ts';
import { runChecksNow } from './run.ts';

/** Runs a saved monitor once now, from all its regions or the ones asked for. */
export const checkMonitorNow = handler(checkNowEndpoints.checkMonitor, async (request) => {
  const { app, params, body } = request;
  const monitor = await monitorOr404(app.db, requireOrg(request).organization.id, params.id);
  const { spec } = monitor;
  if (spec.type === 'heartbeat')
    throw new ServiceError('bad_request', 'Heartbeat monitors are pushed to, not checked');
  const regions = body.regions ?? spec.regions;
  const unknown = regions.findIndex((region) => !spec.regions.includes(region));
  if (unknown >= 0) {
    throw new ServiceError('validation', 'Invalid body', [
      { path: `body.regions.${unknown}`, message: `This monitor does not run in ${regions[unknown]}` },
    ]);
  }
  return { results: await runChecksNow(app, monitor.id, spec, regions) };
});
