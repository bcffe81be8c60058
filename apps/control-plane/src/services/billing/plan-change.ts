import { listAllMonitors, type Queryable, setMonitorPaused, setOrganizationPlan } from '@vantage/db';
import { checkMonitorLimits, checkMonitorSpecLimits, type PlanId, plans } from '@vantage/domain';
import type { AppContext } from '../../context.ts';
import { recordAudit } from '../audit.ts';
import { type MonitorChange, pauseMonitorsOverPlan } from '../monitors/index.ts';
import { changesOf } from '../monitors/publish.ts';

/**
 * Moves an organization to the plan Stripe says it pays for, inside the event's transaction: monitors over
 * the new limits are paused (never deleted), monitors paused by an earlier plan that fit again are
 * resumed. Returns the monitor changes to publish once the transaction has committed.
 */
export async function changePlanForBilling(
  tx: Queryable,
  app: AppContext,
  orgId: string,
  change: { from: PlanId; to: PlanId; stripeEventId: string },
): Promise<MonitorChange[]> {
  if (change.from === change.to) return [];
  await setOrganizationPlan(tx, orgId, change.to);
  const paused = await pauseMonitorsOverPlan(tx, app, orgId, change.to);
  const resumed = await resumeMonitorsWithinPlan(tx, orgId, change.to);
  await recordAudit(tx, null, orgId, {
    action: 'organization.plan_change',
    targetType: 'organization',
    targetId: orgId,
    diff: {
      plan: { from: change.from, to: change.to },
      source: 'stripe',
      stripeEventId: change.stripeEventId,
      pausedMonitorIds: [...new Set(paused.map((item) => item.monitorId))],
      resumedMonitorIds: [...new Set(resumed.map((item) => item.monitorId))],
    },
  });
  app.logger.info({ orgId, ...change }, 'plan changed by Stripe');
  return [...paused, ...resumed];
}

/**
 * Resumes, oldest first, the monitors a plan limit paused (they carry a pausedReason; people pause without
 * one) that fit `planId`; the others keep a reason naming the limit of this plan.
 */
async function resumeMonitorsWithinPlan(
  tx: Queryable,
  orgId: string,
  planId: PlanId,
): Promise<MonitorChange[]> {
  const monitors = await listAllMonitors(tx, orgId);
  let active = monitors.filter((monitor) => !monitor.paused).length;
  const changes: MonitorChange[] = [];
  for (const monitor of monitors) {
    if (!monitor.paused || monitor.pausedReason === null) continue;
    // A limit of the monitor itself (interval, kind, regions) says more than "no room left".
    const violation =
      checkMonitorSpecLimits(plans[planId], monitor.spec) ??
      checkMonitorLimits(plans[planId], { otherActiveMonitors: active, spec: monitor.spec });
    if (violation) {
      if (violation.message !== monitor.pausedReason) {
        await setMonitorPaused(tx, orgId, monitor.id, { paused: true, reason: violation.message });
      }
      continue;
    }
    const resumed = await setMonitorPaused(tx, orgId, monitor.id, { paused: false, reason: null });
    if (!resumed) continue;
    active += 1;
    await recordAudit(tx, null, orgId, {
      action: 'monitor.resume',
      targetType: 'monitor',
      targetId: monitor.id,
      diff: { paused: { from: true, to: false }, pausedReason: { from: monitor.pausedReason, to: null } },
    });
    changes.push(...changesOf(resumed));
  }
  return changes;
}
