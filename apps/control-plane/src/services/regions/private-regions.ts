import { regionEndpoints } from '@vantage/api-contract';
import { listUsableRegions } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toRegionDto } from './dto.ts';
import { createRegion, deleteUnusedRegion } from './lifecycle.ts';

/** Every platform region plus the organization's own private ones; never another organization's. */
export const listRegions = handler(regionEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const regions = await listUsableRegions(request.app.db, organization.id);
  return { items: regions.map(toRegionDto), nextCursor: null };
});

/** Creates a private region owned by the organization. */
export const createPrivateRegion = handler(regionEndpoints.create, async (request) => {
  const { organization } = requireOrg(request);
  const { body } = request;
  const region = await request.app.db.transaction(async (tx) => {
    const created = await createRegion(tx, { ...body, orgId: organization.id });
    await recordAudit(tx, request.actor, organization.id, {
      action: 'region.create',
      targetType: 'region',
      targetId: created.id,
      diff: { name: created.name, location: created.location },
    });
    return created;
  });
  return toRegionDto(region);
});

/** Deletes one of the organization's private regions unless a monitor uses it. */
export const deletePrivateRegion = handler(regionEndpoints.remove, async (request) => {
  const { organization } = requireOrg(request);
  const { id } = request.params;
  await request.app.db.transaction(async (tx) => {
    const region = await deleteUnusedRegion(tx, id, organization.id);
    await recordAudit(tx, request.actor, organization.id, {
      action: 'region.delete',
      targetType: 'region',
      targetId: id,
      diff: { name: region.name, location: region.location },
    });
  });
  return undefined;
});
