import { monitorEndpoints } from '@vantage/api-contract';
import { type MonitorRecord, setMonitorPaused } from '@vantage/db';
import { canonicalJson, ServiceError } from '@vantage/domain';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { toMonitorDto } from './dto.ts';
import { monitorOr404 } from './get.ts';
import { changesOf, publishMonitorChanges } from './publish.ts';
import { enforceMonitorLimits, vetMonitorSpec } from './rules.ts';

function pauseState(monitor: MonitorRecord) {
  return { paused: monitor.paused, pausedReason: monitor.pausedReason };
}

/** Stops checking a monitor; pausing a paused monitor changes nothing. */
export const pauseMonitor = handler(monitorEndpoints.pause, async (request) => {
  const { app, params } = request;
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  const { monitor, changed } = await app.db.transaction(async (tx) => {
    const before = await monitorOr404(tx, orgId, params.id, { forUpdate: true });
    if (before.paused) return { monitor: before, changed: false };
    const after = await setMonitorPaused(tx, orgId, before.id, { paused: true, reason: null });
    if (!after) throw new ServiceError('not_found', 'Monitor not found');
    const diff = diffOf(pauseState(before), pauseState(after));
    await recordAudit(tx, actor, orgId, {
      action: 'monitor.pause',
      targetType: 'monitor',
      targetId: before.id,
      diff,
    });
    return { monitor: after, changed: true };
  });
  if (changed) await publishMonitorChanges(app, changesOf(monitor));
  return toMonitorDto(app.config, monitor);
});

/** Starts checking a paused monitor again, if its regions, targets and the plan still allow it. */
export const resumeMonitor = handler(monitorEndpoints.resume, async (request) => {
  const { app, params } = request;
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  const before = await monitorOr404(app.db, orgId, params.id);
  if (!before.paused) return toMonitorDto(app.config, before);
  await vetMonitorSpec(app, orgId, before.spec, { pathPrefix: '' });
  const after = await app.db.transaction(async (tx) => {
    await enforceMonitorLimits(tx, orgId, { spec: before.spec, monitorId: before.id, active: true });
    const current = await monitorOr404(tx, orgId, before.id, { forUpdate: true });
    if (!current.paused || canonicalJson(current.spec) !== canonicalJson(before.spec)) {
      throw new ServiceError('conflict', 'The monitor changed while it was being resumed; try again');
    }
    const resumed = await setMonitorPaused(tx, orgId, before.id, { paused: false, reason: null });
    if (!resumed) throw new ServiceError('not_found', 'Monitor not found');
    const diff = diffOf(pauseState(before), pauseState(resumed));
    await recordAudit(tx, actor, orgId, {
      action: 'monitor.resume',
      targetType: 'monitor',
      targetId: before.id,
      diff,
    });
    return resumed;
  });
  await publishMonitorChanges(app, changesOf(after));
  return toMonitorDto(app.config, after);
});
