import type { MonitorKind, MonitorSpec, MonitorStatus, PlanId } from '@vantage/domain';
import { monitorKinds, monitorStatuses, planIds } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A monitor of an organization: its validated spec plus state kept beside it. */
export interface MonitorRecord {
  id: string;
  orgId: string;
  type: MonitorKind;
  spec: MonitorSpec;
  status: MonitorStatus;
  paused: boolean;
  pausedReason: string | null;
  /** Secret of the heartbeat ping URL (heartbeat monitors only). */
  heartbeatToken: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Where a page of monitors ended: the exact (created_at, id) of its last row. */
export interface MonitorCursor {
  /** created_at as Postgres prints it (microsecond precision, with offset). */
  createdAt: string;
  id: string;
}

const monitorRow = z.object({
  id: z.string(),
  org_id: z.string(),
  type: z.enum(monitorKinds),
  // Specs were validated by the domain schema before they were stored.
  spec: z.custom<MonitorSpec>((value) => typeof value === 'object' && value !== null),
  status: z.enum(monitorStatuses),
  paused: z.boolean(),
  paused_reason: z.string().nullable(),
  heartbeat_token: z.string().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
});

const pageRow = monitorRow.extend({ position: z.string() });

const columns = sql.fragment`id, org_id, type, spec, status, paused, paused_reason, heartbeat_token, created_at, updated_at`;

/** Row → record: the one converter for monitors. */
function toMonitor(row: z.infer<typeof monitorRow>): MonitorRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    type: row.type,
    spec: row.spec,
    status: row.status,
    paused: row.paused,
    pausedReason: row.paused_reason,
    heartbeatToken: row.heartbeat_token,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Stores a new, active monitor. */
export async function insertMonitor(
  db: Queryable,
  input: { orgId: string; spec: MonitorSpec; heartbeatToken: string | null; createdBy: string | null },
): Promise<MonitorRecord> {
  const { spec } = input;
  const row = await db.one(sql.type(monitorRow)`
    INSERT INTO monitors (org_id, name, type, spec, regions, heartbeat_token, created_by)
    VALUES (${input.orgId}, ${spec.name}, ${spec.type}, ${sql.jsonb(spec)}, ${sql.array(spec.regions, 'text')},
      ${input.heartbeatToken}, ${input.createdBy})
    RETURNING ${columns}`);
  return toMonitor(row);
}

/** A monitor of this organization; `forUpdate` locks its row for the transaction. */
export async function findMonitor(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<MonitorRecord | null> {
  const lock = options.forUpdate ? sql.fragment`FOR UPDATE` : sql.fragment``;
  const row = await db.maybeOne(sql.type(monitorRow)`
    SELECT ${columns} FROM monitors WHERE org_id = ${orgId} AND id = ${id} ${lock}`);
  return row ? toMonitor(row) : null;
}

/** Filters of the monitor list; `status: 'paused'` selects paused monitors, any other status active ones. */
export interface MonitorFilter {
  status?: MonitorStatus;
  tag?: string;
  /** Case-insensitive substring of the name. */
  q?: string;
}

/** A page of an organization's monitors, oldest first, continuing after `after`. */
export async function listMonitors(
  db: Queryable,
  input: { orgId: string; after: MonitorCursor | null; limit: number; filter: MonitorFilter },
): Promise<{ monitors: MonitorRecord[]; next: MonitorCursor | null }> {
  const { after, filter, limit } = input;
  const conditions = [sql.fragment`org_id = ${input.orgId}`];
  if (after)
    conditions.push(sql.fragment`(created_at, id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  if (filter.status === 'paused') conditions.push(sql.fragment`paused`);
  else if (filter.status) conditions.push(sql.fragment`NOT paused AND status = ${filter.status}`);
  if (filter.tag) conditions.push(sql.fragment`spec->'tags' @> ${sql.jsonb([filter.tag])}`);
  if (filter.q) conditions.push(sql.fragment`strpos(lower(name), lower(${filter.q})) > 0`);
  // One row past the page tells whether another page follows.
  const rows = await db.any(sql.type(pageRow)`
    SELECT ${columns}, created_at::text AS position FROM monitors
    WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY created_at, id LIMIT ${limit + 1}`);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = rows.length > limit && last ? { createdAt: last.position, id: last.id } : null;
  return { monitors: page.map(toMonitor), next };
}

/** Every monitor of an organization, oldest first (for plan checks). */
export async function listAllMonitors(db: Queryable, orgId: string): Promise<MonitorRecord[]> {
  const rows = await db.any(sql.type(monitorRow)`
    SELECT ${columns} FROM monitors WHERE org_id = ${orgId} ORDER BY created_at, id`);
  return rows.map(toMonitor);
}

/** Replaces a monitor's spec (its type never changes); null when the organization has no such monitor. */
export async function updateMonitorSpec(
  db: Queryable,
  orgId: string,
  id: string,
  spec: MonitorSpec,
): Promise<MonitorRecord | null> {
  const row = await db.maybeOne(sql.type(monitorRow)`
    UPDATE monitors SET name = ${spec.name}, spec = ${sql.jsonb(spec)},
      regions = ${sql.array(spec.regions, 'text')}, updated_at = now()
    WHERE org_id = ${orgId} AND id = ${id} AND type = ${spec.type} RETURNING ${columns}`);
  return row ? toMonitor(row) : null;
}

/** Pauses (with an optional reason) or resumes a monitor; a resumed monitor starts as `unknown`. */
export async function setMonitorPaused(
  db: Queryable,
  orgId: string,
  id: string,
  input: { paused: boolean; reason: string | null },
): Promise<MonitorRecord | null> {
  const status = input.paused ? sql.fragment`status` : sql.fragment`'unknown'`;
  const row = await db.maybeOne(sql.type(monitorRow)`
    UPDATE monitors SET paused = ${input.paused}, paused_reason = ${input.paused ? input.reason : null},
      status = ${status}, updated_at = now()
    WHERE org_id = ${orgId} AND id = ${id} RETURNING ${columns}`);
  return row ? toMonitor(row) : null;
}

/** Deletes a monitor of this organization; the deleted record, or null when there was none. */
export async function deleteMonitor(db: Queryable, orgId: string, id: string): Promise<MonitorRecord | null> {
  const row = await db.maybeOne(sql.type(monitorRow)`
    DELETE FROM monitors WHERE org_id = ${orgId} AND id = ${id} RETURNING ${columns}`);
  return row ? toMonitor(row) : null;
}

/** Active (not paused) monitors of an organization, leaving out `exceptId`. */
export async function countActiveMonitors(
  db: Queryable,
  orgId: string,
  exceptId: string | null = null,
): Promise<number> {
  const except = exceptId ? sql.fragment`AND id <> ${exceptId}` : sql.fragment``;
  return db.oneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT count(*)::int AS count FROM monitors WHERE org_id = ${orgId} AND NOT paused ${except}`);
}

/**
 * Locks the organization's row for the transaction and returns its current plan, so monitor-limit checks
 * of concurrent writes (and plan changes) run one after the other. Null when the organization is gone.
 */
export async function lockOrganizationForMonitors(db: Queryable, orgId: string): Promise<PlanId | null> {
  // NO KEY UPDATE serialises writers without blocking inserts that merely reference the organization.
  const plan = await db.maybeOneFirst(sql.type(z.object({ plan: z.enum(planIds) }))`
    SELECT plan FROM organizations WHERE id = ${orgId} FOR NO KEY UPDATE`);
  return plan ?? null;
}

/** Of `ids`, the regions this organization may use (platform regions and its own), and which are private. */
export async function findUsableMonitorRegions(
  db: Queryable,
  orgId: string,
  ids: readonly string[],
): Promise<readonly { id: string; private: boolean }[]> {
  if (ids.length === 0) return [];
  return db.any(sql.type(z.object({ id: z.string(), private: z.boolean() }))`
    SELECT id, org_id IS NOT NULL AS private FROM regions
    WHERE id = ANY(${sql.array([...ids], 'text')}) AND (org_id IS NULL OR org_id = ${orgId})`);
}
