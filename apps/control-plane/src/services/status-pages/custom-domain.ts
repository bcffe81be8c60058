import { statusPageEndpoints } from '@vantage/api-contract';
import { isStatusPageConflict, setStatusPageDomain } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { cnameTarget } from './dto.ts';
import { loadDetail, pageOr404, requireFeature, takenError } from './rules.ts';

/** Serves a page on a custom domain; the answer carries the CNAME to create (409 when another page has it). */
export const setCustomDomain = handler(statusPageEndpoints.setCustomDomain, async (request) => {
  const { organization } = requireOrg(request);
  const { app, actor } = request;
  const { hostname } = request.body;
  requireFeature(organization.plan, 'custom_domains');
  const ownHosts = [cnameTarget(app.config), new URL(app.config.publicUrl).hostname];
  if (ownHosts.includes(hostname)) {
    throw new ServiceError('validation', 'Invalid custom domain', [
      { path: 'body.hostname', message: 'Use a domain of your own, not the Vantage host' },
    ]);
  }
  return app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    const updated = await setStatusPageDomain(tx, organization.id, page.id, hostname);
    if (isStatusPageConflict(updated)) throw takenError(updated);
    if (!updated) throw new ServiceError('not_found', 'No such status page');
    await recordAudit(tx, actor, organization.id, {
      action: 'status_page.domain_set',
      targetType: 'status_page',
      targetId: page.id,
      diff: { customDomain: { from: page.customDomain, to: hostname } },
    });
    return loadDetail(tx, app.config, updated);
  });
});

/** Stops serving a page on its custom domain. */
export const clearCustomDomain = handler(statusPageEndpoints.clearCustomDomain, async (request) => {
  const { organization } = requireOrg(request);
  await request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    await setStatusPageDomain(tx, organization.id, page.id, null);
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.domain_clear',
      targetType: 'status_page',
      targetId: page.id,
      diff: { customDomain: { from: page.customDomain, to: null } },
    });
  });
  return undefined;
});
