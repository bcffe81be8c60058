import { adminEndpoints } from '@vantage/api-contract';
import {
  findOperatorOrganization,
  listAllMonitors,
  listOperatorOrganizations,
  type OperatorOrganizationRecord,
  setOrganizationPlan,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { pauseMonitorsOverPlan, publishMonitorChanges } from '../monitors/index.ts';

/** Organization record → the operators' API shape. */
function toAdminOrganizationDto(organization: OperatorOrganizationRecord) {
  return { ...organization, createdAt: organization.createdAt.toISOString() };
}

/** Organizations by slug, optionally matching `q`, a page at a time (the cursor is the last slug). */
export const listOrganizations = handler(adminEndpoints.listOrganizations, async ({ app, query }) => {
  const organizations = await listOperatorOrganizations(app.db, {
    query: query.q || null,
    afterSlug: query.cursor ?? null,
    limit: query.limit + 1,
  });
  const page = organizations.slice(0, query.limit);
  const nextCursor = organizations.length > query.limit ? (page.at(-1)?.slug ?? null) : null;
  return { items: page.map(toAdminOrganizationDto), nextCursor };
});

/** Sets an organization's plan; monitors over the new plan's limits are paused, never deleted. */
export const updateOrganization = handler(adminEndpoints.updateOrganization, async (request) => {
  const { app, params, body } = request;
  const result = await app.db.transaction(async (tx) => {
    // Locked so monitor writes of the organization wait for the new plan.
    const before = await findOperatorOrganization(tx, params.org, { forUpdate: true });
    if (!before) throw new ServiceError('not_found', 'Organization not found');
    if (before.plan === body.plan) return { organization: before, changes: [], pausedMonitors: [] };
    await setOrganizationPlan(tx, before.id, body.plan);
    const changes = await pauseMonitorsOverPlan(tx, app, before.id, body.plan);
    const pausedIds = new Set(changes.map((change) => change.monitorId));
    const pausedMonitors = (await listAllMonitors(tx, before.id))
      .filter((monitor) => pausedIds.has(monitor.id))
      .map((monitor) => ({ id: monitor.id, reason: monitor.pausedReason ?? '' }));
    await recordAudit(tx, request.actor, before.id, {
      action: 'organization.plan_change',
      targetType: 'organization',
      targetId: before.id,
      diff: { plan: { from: before.plan, to: body.plan }, pausedMonitorIds: [...pausedIds] },
    });
    const after = await findOperatorOrganization(tx, params.org);
    return { organization: after ?? before, changes, pausedMonitors };
  });
  await publishMonitorChanges(app, result.changes);
  return { organization: toAdminOrganizationDto(result.organization), pausedMonitors: result.pausedMonitors };
});
