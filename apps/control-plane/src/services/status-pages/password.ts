import { statusPageEndpoints } from '@vantage/api-contract';
import { setStatusPagePassword } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { hashPassword } from '../../security/secrets.ts';
import { recordAudit } from '../audit.ts';
import { loadDetail, pageOr404, requireFeature } from './rules.ts';

/** Protects a page with a password (or changes it: access tokens of the old password stop working). */
export const setStatusPagePasswordHandler = handler(statusPageEndpoints.setPassword, async (request) => {
  const { organization } = requireOrg(request);
  const { app, actor } = request;
  requireFeature(organization.plan, 'password_protected_pages');
  // Hashing takes tens of milliseconds: outside the transaction.
  const passwordHash = await hashPassword(request.body.password);
  return app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    const updated = await setStatusPagePassword(tx, organization.id, page.id, passwordHash);
    if (!updated) throw new ServiceError('not_found', 'No such status page');
    await recordAudit(tx, actor, organization.id, {
      action: 'status_page.password_set',
      targetType: 'status_page',
      targetId: page.id,
    });
    return loadDetail(tx, app.config, updated);
  });
});

/** Removes a page's password: the page becomes public. */
export const clearStatusPagePassword = handler(statusPageEndpoints.clearPassword, async (request) => {
  const { organization } = requireOrg(request);
  await request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    await setStatusPagePassword(tx, organization.id, page.id, null);
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.password_clear',
      targetType: 'status_page',
      targetId: page.id,
    });
  });
  return undefined;
});
