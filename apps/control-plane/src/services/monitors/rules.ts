import {
  countActiveMonitors,
  findUsableMonitorRegions,
  lockOrganizationForMonitors,
  type Queryable,
} from '@vantage/db';
import {
  checkMonitorLimits,
  checkMonitorSpecLimits,
  type FieldIssue,
  limitExceededError,
  type MonitorSpec,
  plans,
  ServiceError,
} from '@vantage/domain';
import type { AppContext } from '../../context.ts';
import { type HostResolver, targetViolations } from './target-check.ts';

/** Options of `vetMonitorSpec`: the prefix of field paths in errors (`body.` for request bodies). */
export interface VetOptions {
  pathPrefix: string;
  resolve?: HostResolver;
}

/**
 * Checks what a spec may reach before it is saved: every region exists and is usable by the organization,
 * and no target is an address the organization may not monitor (SSRF, DESIGN.md §8). Throws `validation`.
 */
export async function vetMonitorSpec(
  app: AppContext,
  orgId: string,
  spec: MonitorSpec,
  options: VetOptions,
): Promise<void> {
  const usable = await findUsableMonitorRegions(app.db, orgId, spec.regions);
  const issues: FieldIssue[] = [];
  spec.regions.forEach((region, index) => {
    // Another organization's private region reads exactly like one that does not exist.
    if (!usable.some((found) => found.id === region)) {
      issues.push({ path: `${options.pathPrefix}regions.${index}`, message: `No region named ${region}` });
    }
  });
  if (issues.length > 0) throw new ServiceError('validation', 'Unknown region', issues);
  // Private targets are fine from the organization's own probes: they run inside its network.
  const ownProbesOnly = usable.length > 0 && usable.every((region) => region.private);
  const allowPrivate = app.config.allowPrivateTargets || ownProbesOnly;
  const refused = await targetViolations(spec, { allowPrivate, ...options });
  if (refused.length > 0) {
    throw new ServiceError('validation', 'The monitor targets an address it may not reach', refused);
  }
}

/**
 * Plan limits for saving `spec` as an active monitor (`monitorId` when it exists already), checked under
 * a lock on the organization so concurrent writes cannot both pass a count limit. Call inside the write's
 * transaction. `active: false` (a paused monitor being edited) checks only the spec's own limits.
 */
export async function enforceMonitorLimits(
  tx: Queryable,
  orgId: string,
  input: { spec: MonitorSpec; monitorId: string | null; active: boolean },
): Promise<void> {
  const planId = await lockOrganizationForMonitors(tx, orgId);
  if (!planId) throw new ServiceError('not_found', 'Organization not found');
  const plan = plans[planId];
  const violation = input.active
    ? checkMonitorLimits(plan, {
        otherActiveMonitors: await countActiveMonitors(tx, orgId, input.monitorId),
        spec: input.spec,
      })
    : checkMonitorSpecLimits(plan, input.spec);
  if (violation) throw limitExceededError(violation);
}
