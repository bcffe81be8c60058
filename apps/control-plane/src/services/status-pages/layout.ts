import { statusPageEndpoints } from '@vantage/api-contract';
import { applyStatusPageLayout, listStatusPageComponents, listStatusPageGroups } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { loadDetail, pageOr404, vetLayout } from './rules.ts';

/** Reorders a whole page in one call (drag to reorder): every group and component, each once. */
export const setLayout = handler(statusPageEndpoints.setLayout, async (request) => {
  const { organization } = requireOrg(request);
  const { app } = request;
  const { layout } = request.body;
  return app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    const groups = await listStatusPageGroups(tx, organization.id, page.id);
    const components = await listStatusPageComponents(tx, organization.id, page.id);
    vetLayout(layout, {
      groupIds: groups.map((group) => group.id),
      componentIds: components.map((component) => component.id),
    });
    await applyStatusPageLayout(tx, { orgId: organization.id, pageId: page.id, entries: layout });
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.layout',
      targetType: 'status_page',
      targetId: page.id,
      diff: { layout },
    });
    return loadDetail(tx, app.config, page);
  });
});
