import type { AlertChannelKind } from './alert-channels.ts';
import type { MonitorSpec } from './monitor/spec.ts';
import type { Plan, PlanFeature } from './plans.ts';
import { ServiceError } from './service-error.ts';

/** Stable code naming the plan limit that was hit; clients switch on it. */
export type LimitCode =
  | 'limit.monitors'
  | 'limit.interval'
  | 'limit.regions_per_monitor'
  | 'limit.monitor_kind'
  | 'limit.members'
  | 'limit.status_pages'
  | 'limit.channel_kind'
  | `limit.${PlanFeature}`;

/** A plan limit an action would break: its code, the plan's value, a message, and the field if any. */
export type LimitViolation = {
  code: LimitCode;
  limit: number | readonly string[] | false;
  message: string;
  path?: string;
};

function countViolation(
  code: LimitCode,
  max: number | null,
  existing: number,
  plan: Plan,
  what: string,
): LimitViolation | null {
  if (max === null || existing < max) return null;
  return { code, limit: max, message: `The ${plan.name} plan allows at most ${max} ${what}` };
}

/** Limits on the spec itself: kind, check interval (or heartbeat period) and number of regions. */
export function checkMonitorSpecLimits(plan: Plan, spec: MonitorSpec): LimitViolation | null {
  if (!plan.monitorKinds.includes(spec.type)) {
    return {
      code: 'limit.monitor_kind',
      limit: plan.monitorKinds,
      path: 'type',
      message: `The ${plan.name} plan does not include ${spec.type} monitors`,
    };
  }
  const [path, seconds] =
    spec.type === 'heartbeat'
      ? ['expectedEverySeconds', spec.expectedEverySeconds]
      : ['intervalSeconds', spec.intervalSeconds];
  if (seconds < plan.minIntervalSeconds) {
    return {
      code: 'limit.interval',
      limit: plan.minIntervalSeconds,
      path,
      message: `The ${plan.name} plan checks at most every ${plan.minIntervalSeconds} seconds`,
    };
  }
  const maxRegions = plan.maxRegionsPerMonitor;
  if (maxRegions !== null && spec.regions.length > maxRegions) {
    return {
      code: 'limit.regions_per_monitor',
      limit: maxRegions,
      path: 'regions',
      message: `The ${plan.name} plan checks each monitor from at most ${maxRegions} regions`,
    };
  }
  return null;
}

/**
 * Limits for saving an active monitor (create, update or resume). `otherActiveMonitors` counts the
 * organization's active (not paused) monitors other than this one.
 */
export function checkMonitorLimits(
  plan: Plan,
  input: { otherActiveMonitors: number; spec: MonitorSpec },
): LimitViolation | null {
  return (
    countViolation('limit.monitors', plan.maxMonitors, input.otherActiveMonitors, plan, 'active monitors') ??
    checkMonitorSpecLimits(plan, input.spec)
  );
}

/** Limit for adding one member or invitation; `currentMembers` counts members plus pending invitations. */
export function checkMemberLimit(plan: Plan, currentMembers: number): LimitViolation | null {
  return countViolation('limit.members', plan.maxMembers, currentMembers, plan, 'members');
}

/** Limit for creating one more status page. */
export function checkStatusPageLimit(plan: Plan, currentStatusPages: number): LimitViolation | null {
  return countViolation('limit.status_pages', plan.maxStatusPages, currentStatusPages, plan, 'status pages');
}

/** Whether the plan offers alert channels of `kind`. */
export function checkAlertChannelKind(plan: Plan, kind: AlertChannelKind): LimitViolation | null {
  if (plan.alertChannelKinds.includes(kind)) return null;
  return {
    code: 'limit.channel_kind',
    limit: plan.alertChannelKinds,
    path: 'type',
    message: `The ${plan.name} plan does not include ${kind} alert channels`,
  };
}

const featureNames: Record<PlanFeature, string> = {
  api_access: 'API access',
  custom_branding: 'custom status page branding',
  custom_domains: 'custom status page domains',
  maintenance_windows: 'maintenance windows',
  password_protected_pages: 'password-protected status pages',
};

/** Whether the plan includes `feature` (API keys, branding, custom domains, …). */
export function checkFeature(plan: Plan, feature: PlanFeature): LimitViolation | null {
  if (plan.features.includes(feature)) return null;
  return {
    code: `limit.${feature}`,
    limit: false,
    message: `The ${plan.name} plan does not include ${featureNames[feature]}`,
  };
}

/** A monitor as the downgrade check sees it. */
export type MonitorForLimits = { id: string; paused: boolean; spec: MonitorSpec };

/** A monitor to pause after a plan change, and why. */
export type MonitorToPause = { monitorId: string; violation: LimitViolation };

/**
 * Active monitors to pause (never delete) so an organization fits `plan` after a downgrade.
 * `monitors` must be sorted by creation, oldest first: the oldest that fit are kept running.
 */
export function monitorsOverLimit(plan: Plan, monitors: readonly MonitorForLimits[]): MonitorToPause[] {
  const toPause: MonitorToPause[] = [];
  let kept = 0;
  for (const monitor of monitors) {
    if (monitor.paused) continue;
    const violation = checkMonitorLimits(plan, { otherActiveMonitors: kept, spec: monitor.spec });
    if (violation) toPause.push({ monitorId: monitor.id, violation });
    else kept += 1;
  }
  return toPause;
}

/** The `limit_exceeded` ServiceError for a violation; details carry `limitCode`, `limit` and `path`. */
export function limitExceededError(violation: LimitViolation): ServiceError {
  const { code, limit, path } = violation;
  return new ServiceError('limit_exceeded', violation.message, { limitCode: code, limit, path });
}
