import { randomUUID } from 'node:crypto';
import { checkNowEndpoints } from '@vantage/api-contract';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { vetMonitorSpec } from '../monitors/rules.ts';
import { runChecksNow } from './run.ts';

/** "Test now" for the monitor form: checks an unsaved spec once from its regions; nothing is stored. */
export const checkSpecNow = handler(checkNowEndpoints.checkSpec, async (request) => {
  const { app, body: spec } = request;
  if (spec.type === 'heartbeat')
    throw new ServiceError('bad_request', 'Heartbeat monitors are pushed to, not checked');
  await vetMonitorSpec(app, requireOrg(request).organization.id, spec, { pathPrefix: 'body.' });
  return { results: await runChecksNow(app, randomUUID(), spec, spec.regions) };
});
