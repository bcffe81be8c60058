import { adminEndpoints } from '@vantage/api-contract';
import { listAllRegions, updateRegion } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toAdminRegionDto } from '../regions/dto.ts';
import { createRegion, deleteUnusedRegion } from '../regions/lifecycle.ts';

/** Every region, platform and private. */
export const listRegions = handler(adminEndpoints.listRegions, async ({ app }) => {
  const regions = await listAllRegions(app.db);
  return { items: regions.map(toAdminRegionDto), nextCursor: null };
});

/** Creates a platform region. */
export const createRegionHandler = handler(adminEndpoints.createRegion, async ({ app, body }) => {
  const region = await createRegion(app.db, { ...body, orgId: null });
  return toAdminRegionDto(region);
});

/** Renames or relocates a region. */
export const updateRegionHandler = handler(adminEndpoints.updateRegion, async ({ app, params, body }) => {
  const region = await updateRegion(app.db, params.id, body);
  if (!region) throw new ServiceError('not_found', 'Region not found');
  return toAdminRegionDto(region);
});

/** Deletes a region unless a monitor uses it. */
export const deleteRegionHandler = handler(adminEndpoints.deleteRegion, async (request) => {
  const { id } = request.params;
  await request.app.db.transaction(async (tx) => {
    const region = await deleteUnusedRegion(tx, id);
    // An operator removing an organization's private region shows in that organization's audit log.
    if (region.orgId) {
      await recordAudit(tx, request.actor, region.orgId, {
        action: 'region.delete',
        targetType: 'region',
        targetId: id,
        diff: { name: region.name, location: region.location },
      });
    }
  });
  return undefined;
});
