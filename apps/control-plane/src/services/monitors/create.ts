import { monitorEndpoints } from '@vantage/api-contract';
import { insertMonitor } from '@vantage/db';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { newSecret } from '../../security/secrets.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { toMonitorDto } from './dto.ts';
import { changesOf, publishMonitorChanges } from './publish.ts';
import { enforceMonitorLimits, vetMonitorSpec } from './rules.ts';

/** Creates an active monitor after the region, target-address and plan checks. */
export const createMonitor = handler(monitorEndpoints.create, async (request) => {
  const { app, body: spec } = request;
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  await vetMonitorSpec(app, orgId, spec, { pathPrefix: 'body.' });
  const monitor = await app.db.transaction(async (tx) => {
    await enforceMonitorLimits(tx, orgId, { spec, monitorId: null, active: true });
    const created = await insertMonitor(tx, {
      orgId,
      spec,
      heartbeatToken: spec.type === 'heartbeat' ? newSecret() : null,
      createdBy: actor.kind === 'user' ? actor.user.id : null,
    });
    await recordAudit(tx, actor, orgId, {
      action: 'monitor.create',
      targetType: 'monitor',
      targetId: created.id,
      diff: diffOf({}, spec),
    });
    return created;
  });
  await publishMonitorChanges(app, changesOf(monitor));
  return toMonitorDto(app.config, monitor);
});
