import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A maintenance window: one-off (`endsAt`) or recurring (`rrule` from `startsAt`, `durationMinutes` each). */
export interface MaintenanceWindowRecord {
  id: string;
  orgId: string;
  title: string;
  monitorIds: string[];
  startsAt: Date;
  endsAt: Date | null;
  rrule: string | null;
  durationMinutes: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a maintenance window is written with. */
export interface MaintenanceWindowInput {
  title: string;
  monitorIds: readonly string[];
  startsAt: Date;
  endsAt: Date | null;
  rrule: string | null;
  durationMinutes: number | null;
}

const windowRow = z.object({
  id: z.string(),
  org_id: z.string(),
  title: z.string(),
  monitor_ids: z.array(z.string()),
  starts_at: z.number(),
  ends_at: z.number().nullable(),
  rrule: z.string().nullable(),
  duration_minutes: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
});

const columns = sql.fragment`id, org_id, title, monitor_ids::text[] AS monitor_ids, starts_at, ends_at, rrule,
  duration_minutes, created_at, updated_at`;

/** Row → record: the one converter for maintenance windows. */
function toWindow(row: z.infer<typeof windowRow>): MaintenanceWindowRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    monitorIds: row.monitor_ids,
    startsAt: new Date(row.starts_at),
    endsAt: row.ends_at === null ? null : new Date(row.ends_at),
    rrule: row.rrule,
    durationMinutes: row.duration_minutes,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function values(input: MaintenanceWindowInput) {
  return {
    monitorIds: sql.array([...input.monitorIds], 'uuid'),
    startsAt: sql.timestamp(input.startsAt),
    endsAt: input.endsAt ? sql.timestamp(input.endsAt) : null,
  };
}

/** Stores a new maintenance window. */
export async function insertMaintenanceWindow(
  db: Queryable,
  input: MaintenanceWindowInput & { orgId: string; createdBy: string | null },
): Promise<MaintenanceWindowRecord> {
  const v = values(input);
  const row = await db.one(sql.type(windowRow)`
    INSERT INTO maintenance_windows (org_id, title, monitor_ids, starts_at, ends_at, rrule, duration_minutes,
      created_by)
    VALUES (${input.orgId}, ${input.title}, ${v.monitorIds}, ${v.startsAt}, ${v.endsAt}, ${input.rrule},
      ${input.durationMinutes}, ${input.createdBy})
    RETURNING ${columns}`);
  return toWindow(row);
}

/** A maintenance window of this organization. */
export async function findMaintenanceWindow(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<MaintenanceWindowRecord | null> {
  const row = await db.maybeOne(sql.type(windowRow)`
    SELECT ${columns} FROM maintenance_windows WHERE org_id = ${orgId} AND id = ${id}`);
  return row ? toWindow(row) : null;
}

/** Every maintenance window of an organization, oldest first. */
export async function listMaintenanceWindows(
  db: Queryable,
  orgId: string,
): Promise<MaintenanceWindowRecord[]> {
  const rows = await db.any(sql.type(windowRow)`
    SELECT ${columns} FROM maintenance_windows WHERE org_id = ${orgId} ORDER BY created_at, id`);
  return rows.map(toWindow);
}

/** Replaces a maintenance window's fields; null when the organization has no such window. */
export async function updateMaintenanceWindow(
  db: Queryable,
  orgId: string,
  id: string,
  input: MaintenanceWindowInput,
): Promise<MaintenanceWindowRecord | null> {
  const v = values(input);
  const row = await db.maybeOne(sql.type(windowRow)`
    UPDATE maintenance_windows SET title = ${input.title}, monitor_ids = ${v.monitorIds},
      starts_at = ${v.startsAt}, ends_at = ${v.endsAt}, rrule = ${input.rrule},
      duration_minutes = ${input.durationMinutes}, updated_at = now()
    WHERE org_id = ${orgId} AND id = ${id} RETURNING ${columns}`);
  return row ? toWindow(row) : null;
}

/** Deletes a maintenance window; false when the organization has no such window. */
export async function deleteMaintenanceWindow(db: Queryable, orgId: string, id: string): Promise<boolean> {
  const result = await db.query(
    sql.unsafe`DELETE FROM maintenance_windows WHERE org_id = ${orgId} AND id = ${id}`,
  );
  return result.rowCount > 0;
}

/**
 * Windows that may be in force at `at` for any of these monitors (any org: the evaluator's view): started,
 * and either recurring or not yet over. Whether a recurring one is in an occurrence is decided by the caller.
 */
export async function listCandidateMaintenanceWindows(
  db: Queryable,
  input: { monitorIds: readonly string[] | null; at: Date },
): Promise<MaintenanceWindowRecord[]> {
  const scope = input.monitorIds
    ? sql.fragment`AND monitor_ids && ${sql.array([...input.monitorIds], 'uuid')}`
    : sql.fragment``;
  const at = sql.timestamp(input.at);
  const rows = await db.any(sql.type(windowRow)`
    SELECT ${columns} FROM maintenance_windows
    WHERE starts_at <= ${at} AND (rrule IS NOT NULL OR ends_at > ${at}) ${scope}`);
  return rows.map(toWindow);
}
