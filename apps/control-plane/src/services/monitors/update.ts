import { monitorEndpoints } from '@vantage/api-contract';
import { updateMonitorSpec } from '@vantage/db';
import { applyMonitorPatch, canonicalJson, ServiceError, zodIssuesToDetails } from '@vantage/domain';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { toMonitorDto } from './dto.ts';
import { monitorOr404 } from './get.ts';
import { changesOf, publishMonitorChanges } from './publish.ts';
import { enforceMonitorLimits, vetMonitorSpec } from './rules.ts';

/** Merges a patch into a monitor, re-validates it whole and re-runs the region, address and plan checks. */
export const updateMonitor = handler(monitorEndpoints.update, async (request) => {
  const { app, params, body } = request;
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  const before = await monitorOr404(app.db, orgId, params.id);
  const merged = applyMonitorPatch(before.spec, body);
  if (!merged.success) {
    const details = zodIssuesToDetails(merged.error).map((issue) => ({
      ...issue,
      path: `body.${issue.path}`,
    }));
    throw new ServiceError('validation', 'Invalid body', details);
  }
  const spec = merged.data;
  const diff = diffOf(before.spec, spec);
  if (Object.keys(diff).length === 0) return toMonitorDto(app.config, before);
  await vetMonitorSpec(app, orgId, spec, { pathPrefix: 'body.' });
  const after = await app.db.transaction(async (tx) => {
    await enforceMonitorLimits(tx, orgId, { spec, monitorId: before.id, active: !before.paused });
    const current = await monitorOr404(tx, orgId, before.id, { forUpdate: true });
    // The checks above ran against `before`; a write in between would make them stale.
    if (current.paused !== before.paused || canonicalJson(current.spec) !== canonicalJson(before.spec)) {
      throw new ServiceError('conflict', 'The monitor changed while this update was checked; try again');
    }
    const updated = await updateMonitorSpec(tx, orgId, before.id, spec);
    if (!updated) throw new ServiceError('not_found', 'Monitor not found');
    await recordAudit(tx, actor, orgId, {
      action: 'monitor.update',
      targetType: 'monitor',
      targetId: before.id,
      diff,
    });
    return updated;
  });
  await publishMonitorChanges(app, changesOf(after, before));
  return toMonitorDto(app.config, after);
});
