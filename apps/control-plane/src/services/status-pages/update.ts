import { statusPageEndpoints } from '@vantage/api-contract';
import { isStatusPageConflict, updateStatusPage } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { toStatusPageDto } from './dto.ts';
import { mergePageFields, pageFieldsOf } from './fields.ts';
import { loadDetail, pageOr404, requireFeature, takenError, usesBranding } from './rules.ts';

/** Changes a page's fields; setting branding or footer links needs the custom_branding feature. */
export const updateStatusPageHandler = handler(statusPageEndpoints.update, async (request) => {
  const { organization } = requireOrg(request);
  const { app, actor, body } = request;
  return app.db.transaction(async (tx) => {
    const existing = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    const fields = mergePageFields(pageFieldsOf(existing), body);
    // Only a change to branding needs the feature: a downgraded organization can still rename its page.
    const touchesBranding = body.branding !== undefined || body.footerLinks !== undefined;
    if (touchesBranding && usesBranding(fields)) requireFeature(organization.plan, 'custom_branding');
    const updated = await updateStatusPage(tx, organization.id, existing.id, fields);
    if (isStatusPageConflict(updated)) throw takenError(updated);
    if (!updated) throw new ServiceError('not_found', 'No such status page');
    await recordAudit(tx, actor, organization.id, {
      action: 'status_page.update',
      targetType: 'status_page',
      targetId: updated.id,
      diff: diffOf(toStatusPageDto(existing, app.config), toStatusPageDto(updated, app.config)),
    });
    return loadDetail(tx, app.config, updated);
  });
});
