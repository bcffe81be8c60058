import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A region: a platform region (`orgId` null) or an organization's private one. */
export interface RegionRecord {
  id: string;
  name: string;
  location: string;
  orgId: string | null;
  createdAt: Date;
}

const regionRow = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  org_id: z.string().nullable(),
  created_at: z.number(),
});

/** Row → record: the one converter for regions. */
function toRegion(row: z.infer<typeof regionRow>): RegionRecord {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    orgId: row.org_id,
    createdAt: new Date(row.created_at),
  };
}

const columns = sql.fragment`id, name, location, org_id, created_at`;

/** Inserts a region (private when `orgId` is set); null when the id is taken, by any organization. */
export async function insertRegion(
  db: Queryable,
  input: { id: string; name: string; location: string; orgId: string | null },
): Promise<RegionRecord | null> {
  const row = await db.maybeOne(sql.type(regionRow)`
    INSERT INTO regions (id, name, location, org_id)
    VALUES (${input.id}, ${input.name}, ${input.location}, ${input.orgId})
    ON CONFLICT (id) DO NOTHING RETURNING ${columns}`);
  return row ? toRegion(row) : null;
}

/** Every region, platform ones first, then by id (operators only). */
export async function listAllRegions(db: Queryable): Promise<RegionRecord[]> {
  const rows = await db.any(sql.type(regionRow)`
    SELECT ${columns} FROM regions ORDER BY org_id IS NOT NULL, id`);
  return rows.map(toRegion);
}

/** The regions an organization may use: every platform region and its own private ones. */
export async function listUsableRegions(db: Queryable, orgId: string): Promise<RegionRecord[]> {
  const rows = await db.any(sql.type(regionRow)`
    SELECT ${columns} FROM regions WHERE org_id IS NULL OR org_id = ${orgId}
    ORDER BY org_id IS NOT NULL, id`);
  return rows.map(toRegion);
}

/** A region by id, whoever owns it (operators only); `forUpdate` locks it for the transaction. */
export async function findRegion(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RegionRecord | null> {
  const row = await db.maybeOne(sql.type(regionRow)`
    SELECT ${columns} FROM regions WHERE id = ${id} ${options.forUpdate ? sql.fragment`FOR UPDATE` : sql.fragment``}`);
  return row ? toRegion(row) : null;
}

/** One of the organization's own private regions, locked for the transaction; null for any other region. */
export async function findPrivateRegionForUpdate(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<RegionRecord | null> {
  const row = await db.maybeOne(sql.type(regionRow)`
    SELECT ${columns} FROM regions WHERE id = ${id} AND org_id = ${orgId} FOR UPDATE`);
  return row ? toRegion(row) : null;
}

/** Renames or relocates a region; null when it does not exist. */
export async function updateRegion(
  db: Queryable,
  id: string,
  patch: { name?: string; location?: string },
): Promise<RegionRecord | null> {
  const row = await db.maybeOne(sql.type(regionRow)`
    UPDATE regions SET name = coalesce(${patch.name ?? null}, name),
      location = coalesce(${patch.location ?? null}, location)
    WHERE id = ${id} RETURNING ${columns}`);
  return row ? toRegion(row) : null;
}

/** Whether any monitor checks from this region. */
export async function regionInUse(db: Queryable, id: string): Promise<boolean> {
  return db.exists(sql.unsafe`SELECT 1 FROM monitors WHERE ${id} = ANY(regions)`);
}

/** Deletes a region and, by cascade, its probe tokens; with `orgId`, only that organization's private one. */
export async function deleteRegion(db: Queryable, id: string, orgId?: string): Promise<boolean> {
  const owner = orgId === undefined ? sql.fragment`` : sql.fragment`AND org_id = ${orgId}`;
  const result = await db.query(sql.unsafe`DELETE FROM regions WHERE id = ${id} ${owner}`);
  return result.rowCount > 0;
}
