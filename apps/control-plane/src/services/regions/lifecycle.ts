import {
  deleteRegion,
  findPrivateRegionForUpdate,
  findRegion,
  insertRegion,
  type Queryable,
  type RegionRecord,
  regionInUse,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';

/** Creates a region (private when `orgId` is set); ids are one namespace for everyone, so a clash is 409. */
export async function createRegion(
  db: Queryable,
  input: { id: string; name: string; location: string; orgId: string | null },
): Promise<RegionRecord> {
  const region = await insertRegion(db, input);
  if (!region) {
    throw new ServiceError('conflict', `Region id ${input.id} is taken`, [
      { path: 'body.id', message: 'Already taken' },
    ]);
  }
  return region;
}

/**
 * Deletes a region unless a monitor checks from it. With `orgId`, only that organization's own private
 * region counts as existing (any other id is 404, whoever owns it).
 */
export async function deleteUnusedRegion(db: Queryable, id: string, orgId?: string): Promise<RegionRecord> {
  // Locked so a monitor saved meanwhile cannot slip in between the check and the delete.
  const region =
    orgId === undefined
      ? await findRegion(db, id, { forUpdate: true })
      : await findPrivateRegionForUpdate(db, orgId, id);
  if (!region) throw new ServiceError('not_found', 'Region not found');
  if (await regionInUse(db, id)) {
    throw new ServiceError('conflict', `Region ${id} is used by monitors; remove it from them first`, {
      reason: 'region_in_use',
    });
  }
  await deleteRegion(db, id, orgId);
  return region;
}
