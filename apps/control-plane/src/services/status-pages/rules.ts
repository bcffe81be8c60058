import {
  findMonitor,
  findStatusPage,
  listStatusPageComponents,
  listStatusPageGroups,
  type Queryable,
  type StatusPageComponentFields,
  type StatusPageConflict,
  type StatusPageFields,
  type StatusPageRecord,
} from '@vantage/db';
import {
  checkFeature,
  type FieldIssue,
  limitExceededError,
  type PlanFeature,
  type PlanId,
  plans,
  ServiceError,
} from '@vantage/domain';
import type { ControlPlaneConfig } from '../../config.ts';
import { toStatusPageDetailDto } from './dto.ts';

/** A page of the organization, or 404. */
export async function pageOr404(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StatusPageRecord> {
  const page = await findStatusPage(db, orgId, id, options);
  if (!page) throw new ServiceError('not_found', 'No such status page');
  return page;
}

/** The editor's view of a page, read fresh. */
export async function loadDetail(db: Queryable, config: ControlPlaneConfig, page: StatusPageRecord) {
  // One after the other: `db` may be a transaction (one connection).
  const groups = await listStatusPageGroups(db, page.orgId, page.id);
  const components = await listStatusPageComponents(db, page.orgId, page.id);
  return toStatusPageDetailDto(page, groups, components, config);
}

/** Refuses (402) what the organization's plan does not include. */
export function requireFeature(plan: PlanId, feature: PlanFeature): void {
  const violation = checkFeature(plans[plan], feature);
  if (violation) throw limitExceededError(violation);
}

/** Whether a page uses custom branding: any logo, favicon, color or footer link. */
export function usesBranding(fields: StatusPageFields): boolean {
  const { logoUrl, faviconUrl, brandColor, accentColor } = fields;
  return (
    [logoUrl, faviconUrl, brandColor, accentColor].some((value) => value !== null) ||
    fields.footerLinks.length > 0
  );
}

/** The 409 for a slug or custom domain another page already uses. */
export function takenError(conflict: StatusPageConflict): ServiceError {
  const [path, what] =
    conflict.taken === 'slug' ? ['body.slug', 'This slug'] : ['body.hostname', 'This domain'];
  return new ServiceError('conflict', `${what} is already used by another status page`, [
    { path, message: `${what} is already used by another status page` },
  ]);
}

/**
 * Checks a component as it will be stored: its group is one of the page's, its monitor one of the
 * organization's, and its regions ones that monitor runs in (a manual component has none). Throws 400.
 */
export async function vetComponent(
  db: Queryable,
  input: { orgId: string; pageId: string; fields: StatusPageComponentFields },
): Promise<void> {
  const { fields } = input;
  const issues: FieldIssue[] = [];
  if (fields.groupId !== null) {
    const groups = await listStatusPageGroups(db, input.orgId, input.pageId);
    if (!groups.some((group) => group.id === fields.groupId)) {
      issues.push({ path: 'body.groupId', message: 'No such group on this page' });
    }
  }
  if (fields.monitorId === null) {
    if (fields.regions.length > 0) {
      issues.push({ path: 'body.regions', message: 'A component without a monitor shows no regions' });
    }
  } else {
    const monitor = await findMonitor(db, input.orgId, fields.monitorId);
    if (!monitor) issues.push({ path: 'body.monitorId', message: 'No such monitor' });
    fields.regions.forEach((region, index) => {
      if (monitor && !monitor.spec.regions.includes(region)) {
        issues.push({ path: `body.regions.${index}`, message: `The monitor does not run in ${region}` });
      }
    });
  }
  if (issues.length > 0) throw new ServiceError('validation', 'Invalid component', issues);
}

/** Checks a layout names every group and component of the page exactly once (400 otherwise). */
export function vetLayout(
  layout: readonly { groupId: string | null; componentIds: readonly string[] }[],
  existing: { groupIds: readonly string[]; componentIds: readonly string[] },
): void {
  const problem = (message: string) =>
    new ServiceError('validation', 'Invalid layout', [{ path: 'body.layout', message }]);
  const groupIds = layout.flatMap((entry) => (entry.groupId ? [entry.groupId] : []));
  const componentIds = layout.flatMap((entry) => entry.componentIds);
  const sameSet = (given: readonly string[], wanted: readonly string[]) =>
    given.length === wanted.length &&
    new Set(given).size === given.length &&
    wanted.every((id) => given.includes(id));
  if (!sameSet(groupIds, existing.groupIds)) {
    throw problem('The layout must name every group of the page exactly once');
  }
  if (!sameSet(componentIds, existing.componentIds)) {
    throw problem('The layout must name every component of the page exactly once');
  }
}
