import { listAllMonitors, lockOrganizationForMonitors, type Queryable, setMonitorPaused } from '@vantage/db';
import { monitorsOverLimit, type PlanId, plans } from '@vantage/domain';
import type { AppContext } from '../../context.ts';
import { recordAudit } from '../audit.ts';
import { changesOf, type MonitorChange } from './publish.ts';

/**
 * After an organization's plan changed to `planId`, pauses (never deletes) the active monitors over its
 * limits (the oldest that fit keep running), with the violation as `pausedReason`, and audits each pause as the system.
 * Call inside the plan change's transaction; it returns the changes to hand to `publishMonitorChanges`
 * once that transaction has committed.
 */
export async function pauseMonitorsOverPlan(
  tx: Queryable,
  app: AppContext,
  orgId: string,
  planId: PlanId,
): Promise<MonitorChange[]> {
  // Under the lock monitor writes take, so no create slips in between the count and the pauses.
  await lockOrganizationForMonitors(tx, orgId);
  const monitors = await listAllMonitors(tx, orgId);
  const toPause = monitorsOverLimit(
    plans[planId],
    monitors.map((monitor) => ({ id: monitor.id, paused: monitor.paused, spec: monitor.spec })),
  );
  const changes: MonitorChange[] = [];
  for (const { monitorId, violation } of toPause) {
    const paused = await setMonitorPaused(tx, orgId, monitorId, { paused: true, reason: violation.message });
    if (!paused) continue;
    await recordAudit(tx, null, orgId, {
      action: 'monitor.pause',
      targetType: 'monitor',
      targetId: monitorId,
      diff: {
        paused: { from: false, to: true },
        pausedReason: { from: null, to: violation.message },
        limitCode: violation.code,
      },
    });
    changes.push(...changesOf(paused));
  }
  app.logger.info({ orgId, planId, paused: changes.length }, 'paused monitors over the plan limits');
  return changes;
}
