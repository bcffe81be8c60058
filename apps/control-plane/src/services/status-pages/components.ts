import { statusPageEndpoints } from '@vantage/api-contract';
import {
  deleteStatusPageComponent,
  insertStatusPageComponent,
  listStatusPageComponents,
  listStatusPageGroups,
  type StatusPageComponentFields,
  updateStatusPageComponent,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { layoutOf, toComponentDto } from './dto.ts';
import { pageOr404, vetComponent } from './rules.ts';

/** A page's components in page order. */
export const listComponents = handler(statusPageEndpoints.listComponents, async (request) => {
  const { organization } = requireOrg(request);
  const { db } = request.app;
  const page = await pageOr404(db, organization.id, request.params.id);
  const [groups, components] = await Promise.all([
    listStatusPageGroups(db, organization.id, page.id),
    listStatusPageComponents(db, organization.id, page.id),
  ]);
  const ordered = layoutOf(groups, components).flatMap((slot) => slot.components);
  return { items: ordered.map(toComponentDto), nextCursor: null };
});

/** Adds a component at the end of its group (or of the page). */
export const createComponent = handler(statusPageEndpoints.createComponent, async (request) => {
  const { organization } = requireOrg(request);
  const fields: StatusPageComponentFields = request.body;
  return request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, request.params.id, { forUpdate: true });
    await vetComponent(tx, { orgId: organization.id, pageId: page.id, fields });
    const component = await insertStatusPageComponent(tx, {
      ...fields,
      orgId: organization.id,
      pageId: page.id,
    });
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.component_create',
      targetType: 'status_page',
      targetId: page.id,
      diff: toComponentDto(component),
    });
    return toComponentDto(component);
  });
});

/** Changes a component; choosing another monitor without naming regions shows all of its regions. */
export const updateComponent = handler(statusPageEndpoints.updateComponent, async (request) => {
  const { organization } = requireOrg(request);
  const { params, body } = request;
  return request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, params.id, { forUpdate: true });
    const existing = (await listStatusPageComponents(tx, organization.id, page.id)).find(
      (component) => component.id === params.componentId,
    );
    if (!existing) throw new ServiceError('not_found', 'No such component');
    const monitorChanged = body.monitorId !== undefined && body.monitorId !== existing.monitorId;
    const fields: StatusPageComponentFields = {
      name: body.name ?? existing.name,
      description: body.description ?? existing.description,
      groupId: body.groupId === undefined ? existing.groupId : body.groupId,
      monitorId: body.monitorId === undefined ? existing.monitorId : body.monitorId,
      regions: body.regions ?? (monitorChanged ? [] : existing.regions),
      manualState: body.manualState ?? existing.manualState,
    };
    await vetComponent(tx, { orgId: organization.id, pageId: page.id, fields });
    const updated = await updateStatusPageComponent(tx, {
      ...fields,
      orgId: organization.id,
      pageId: page.id,
      id: existing.id,
    });
    if (!updated) throw new ServiceError('not_found', 'No such component');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.component_update',
      targetType: 'status_page',
      targetId: page.id,
      diff: { componentId: existing.id, ...diffOf(toComponentDto(existing), toComponentDto(updated)) },
    });
    return toComponentDto(updated);
  });
});

/** Removes a component from its page. */
export const deleteComponent = handler(statusPageEndpoints.deleteComponent, async (request) => {
  const { organization } = requireOrg(request);
  const { params } = request;
  await request.app.db.transaction(async (tx) => {
    const page = await pageOr404(tx, organization.id, params.id, { forUpdate: true });
    const input = { orgId: organization.id, pageId: page.id, id: params.componentId };
    if (!(await deleteStatusPageComponent(tx, input)))
      throw new ServiceError('not_found', 'No such component');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.component_delete',
      targetType: 'status_page',
      targetId: page.id,
      diff: { componentId: params.componentId },
    });
  });
  return undefined;
});
