import { statusPageEndpoints } from '@vantage/api-contract';
import { deleteStatusPageGroup, insertStatusPageGroup, renameStatusPageGroup } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toGroupDto } from './dto.ts';
import { pageOr404 } from './rules.ts';

/** Adds a group at the end of the page. */
export const createGroup = handler(statusPageEndpoints.createGroup, async (request) => {
  const { organization } = requireOrg(request);
  return request.app.db.transaction(async (tx) => {
    // The page lock serialises position assignment.
    const page = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    const group = await insertStatusPageGroup(tx, {
      orgId: organization.id,
      pageId: page.id,
      name: request.body.name,
    });
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.group_create',
      targetType: 'status_page',
      targetId: page.id,
      diff: { groupId: group.id, name: group.name },
    });
    return toGroupDto(group);
  });
});

/** Renames a group. */
export const updateGroup = handler(statusPageEndpoints.updateGroup, async (request) => {
  const { organization } = requireOrg(request);
  const { params } = request;
  return request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, params.id);
    const group = await renameStatusPageGroup(tx, {
      orgId: organization.id,
      pageId: page.id,
      id: params.groupId,
      name: request.body.name,
    });
    if (!group) throw new ServiceError('not_found', 'No such group');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.group_update',
      targetType: 'status_page',
      targetId: page.id,
      diff: { groupId: group.id, name: group.name },
    });
    return toGroupDto(group);
  });
});

/** Deletes a group; its components stay on the page, ungrouped. */
export const deleteGroup = handler(statusPageEndpoints.deleteGroup, async (request) => {
  const { organization } = requireOrg(request);
  const { params } = request;
  await request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, params.id, { forUpdate: true });
    const deleted = await deleteStatusPageGroup(tx, {
      orgId: organization.id,
      pageId: page.id,
      id: params.groupId,
    });
    if (!deleted) throw new ServiceError('not_found', 'No such group');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.group_delete',
      targetType: 'status_page',
      targetId: page.id,
      diff: { groupId: params.groupId },
    });
  });
  return undefined;
});
