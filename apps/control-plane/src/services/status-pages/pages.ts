import { statusPageEndpoints } from '@vantage/api-contract';
import {
  countStatusPages,
  deleteStatusPage,
  insertStatusPage,
  isStatusPageConflict,
  listStatusPages,
  lockOrganizationForMonitors,
} from '@vantage/db';
import { checkStatusPageLimit, limitExceededError, plans, ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toStatusPageDto } from './dto.ts';
import { blankPageFields, mergePageFields } from './fields.ts';
import { loadDetail, pageOr404, requireFeature, takenError, usesBranding } from './rules.ts';

/** The organization's status pages (one page of results: an organization has few). */
export const listStatusPagesHandler = handler(statusPageEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const pages = await listStatusPages(request.app.db, organization.id);
  return { items: pages.map((page) => toStatusPageDto(page, request.app.config)), nextCursor: null };
});

/** Creates a page within the plan's page count; branding needs the custom_branding feature. */
export const createStatusPage = handler(statusPageEndpoints.create, async (request) => {
  const { organization } = requireOrg(request);
  const { app, actor, body } = request;
  const fields = mergePageFields(blankPageFields, body);
  return app.db.transaction(async (tx) => {
    // Locks the organization so two concurrent creates cannot both pass the count limit.
    const plan = await lockOrganizationForMonitors(tx, organization.id);
    if (!plan) throw new ServiceError('not_found', 'Organization not found');
    const violation = checkStatusPageLimit(plans[plan], await countStatusPages(tx, organization.id));
    if (violation) throw limitExceededError(violation);
    if (usesBranding(fields)) requireFeature(plan, 'custom_branding');
    const page = await insertStatusPage(tx, { ...fields, orgId: organization.id });
    if (isStatusPageConflict(page)) throw takenError(page);
    await recordAudit(tx, actor, organization.id, {
      action: 'status_page.create',
      targetType: 'status_page',
      targetId: page.id,
      diff: body,
    });
    return loadDetail(tx, app.config, page);
  });
});

/** One page with its groups, components and layout. */
export const getStatusPage = handler(statusPageEndpoints.get, async (request) => {
  const { organization } = requireOrg(request);
  const page = await pageOr404(request.app.db, organization.id, request.params.id);
  return loadDetail(request.app.db, request.app.config, page);
});

/** Deletes a page with its groups and components. */
export const deleteStatusPageHandler = handler(statusPageEndpoints.remove, async (request) => {
  const { organization } = requireOrg(request);
  await request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, request.params.id);
    await deleteStatusPage(tx, organization.id, page.id);
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.delete',
      targetType: 'status_page',
      targetId: page.id,
      diff: toStatusPageDto(page, request.app.config),
    });
  });
  return undefined;
});
