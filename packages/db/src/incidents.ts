import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** Where an incident stands (people move it along with updates). */
export const incidentStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

/** One incident status. */
export type IncidentStatus = (typeof incidentStatuses)[number];

/** How bad an incident is. */
export const incidentImpacts = ['none', 'minor', 'major', 'critical'] as const;

/** One incident impact. */
export type IncidentImpact = (typeof incidentImpacts)[number];

/** An incident: opened by a monitor's state (`sourceMonitorId`) or by a person. */
export interface IncidentRecord {
  id: string;
  orgId: string;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  sourceMonitorId: string | null;
  monitorIds: string[];
  affectedRegions: string[];
  startedAt: Date;
  resolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One update posted on an incident. */
export interface IncidentUpdateRecord {
  id: string;
  incidentId: string;
  status: IncidentStatus;
  message: string;
  createdAt: Date;
}

const incidentRow = z.object({
  id: z.string(),
  org_id: z.string(),
  title: z.string(),
  status: z.enum(incidentStatuses),
  impact: z.enum(incidentImpacts),
  source_monitor_id: z.string().nullable(),
  monitor_ids: z.array(z.string()),
  affected_regions: z.array(z.string()),
  started_at: z.number(),
  resolved_at: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
  position: z.string(),
});

const columns = sql.fragment`id, org_id, title, status, impact, source_monitor_id, monitor_ids::text[] AS monitor_ids,
  affected_regions, started_at, resolved_at, created_at, updated_at, created_at::text AS position`;

/** Row → record: the one converter for incidents. */
function toIncident(row: z.infer<typeof incidentRow>): IncidentRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    status: row.status,
    impact: row.impact,
    sourceMonitorId: row.source_monitor_id,
    monitorIds: row.monitor_ids,
    affectedRegions: row.affected_regions,
    startedAt: new Date(row.started_at),
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Opens an incident. */
export async function insertIncident(
  db: Queryable,
  input: {
    orgId: string;
    title: string;
    status: IncidentStatus;
    impact: IncidentImpact;
    sourceMonitorId: string | null;
    monitorIds: readonly string[];
    affectedRegions: readonly string[];
    startedAt: Date;
    createdBy: string | null;
  },
): Promise<IncidentRecord> {
  const resolvedAt = input.status === 'resolved' ? sql.fragment`now()` : sql.fragment`NULL`;
  const row = await db.one(sql.type(incidentRow)`
    INSERT INTO incidents (org_id, title, status, impact, source_monitor_id, monitor_ids, affected_regions,
      started_at, resolved_at, created_by)
    VALUES (${input.orgId}, ${input.title}, ${input.status}, ${input.impact}, ${input.sourceMonitorId},
      ${sql.array([...input.monitorIds], 'uuid')}, ${sql.array([...input.affectedRegions], 'text')},
      ${sql.timestamp(input.startedAt)}, ${resolvedAt}, ${input.createdBy})
    RETURNING ${columns}`);
  return toIncident(row);
}

/** An incident of this organization; `forUpdate` locks it for the transaction. */
export async function findIncident(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentRecord | null> {
  const lock = options.forUpdate ? sql.fragment`FOR UPDATE` : sql.fragment``;
  const row = await db.maybeOne(sql.type(incidentRow)`
    SELECT ${columns} FROM incidents WHERE org_id = ${orgId} AND id = ${id} ${lock}`);
  return row ? toIncident(row) : null;
}

/** The open incident a monitor's state opened, if any (locked for the transaction). */
export async function findOpenMonitorIncident(
  db: Queryable,
  orgId: string,
  monitorId: string,
): Promise<IncidentRecord | null> {
  const row = await db.maybeOne(sql.type(incidentRow)`
    SELECT ${columns} FROM incidents
    WHERE org_id = ${orgId} AND source_monitor_id = ${monitorId} AND resolved_at IS NULL FOR UPDATE`);
  return row ? toIncident(row) : null;
}

/** Where a page of incidents ended. */
export interface IncidentCursor {
  createdAt: string;
  id: string;
}

/** A page of an organization's incidents, newest first; `status` 'open' = any but resolved. */
export async function listIncidents(
  db: Queryable,
  input: {
    orgId: string;
    status: IncidentStatus | 'open' | null;
    after: IncidentCursor | null;
    limit: number;
  },
): Promise<{ incidents: IncidentRecord[]; next: IncidentCursor | null }> {
  const conditions = [sql.fragment`org_id = ${input.orgId}`];
  if (input.status === 'open') conditions.push(sql.fragment`status <> 'resolved'`);
  else if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
  if (input.after) {
    conditions.push(
      sql.fragment`(created_at, id) < (${input.after.createdAt}::timestamptz, ${input.after.id}::uuid)`,
    );
  }
  const rows = await db.any(sql.type(incidentRow)`
    SELECT ${columns} FROM incidents WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY created_at DESC, id DESC LIMIT ${input.limit + 1}`);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const next = rows.length > input.limit && last ? { createdAt: last.position, id: last.id } : null;
  return { incidents: page.map(toIncident), next };
}

/** Changes an incident's fields; `status: 'resolved'` stamps `resolvedAt` (at `resolvedAt` or now). */
export async function updateIncident(
  db: Queryable,
  orgId: string,
  id: string,
  input: {
    title?: string;
    impact?: IncidentImpact;
    monitorIds?: readonly string[];
    affectedRegions?: readonly string[];
    status?: IncidentStatus;
    resolvedAt?: Date;
  },
): Promise<IncidentRecord | null> {
  const sets = [sql.fragment`updated_at = now()`];
  if (input.title !== undefined) sets.push(sql.fragment`title = ${input.title}`);
  if (input.impact !== undefined) sets.push(sql.fragment`impact = ${input.impact}`);
  if (input.monitorIds !== undefined)
    sets.push(sql.fragment`monitor_ids = ${sql.array([...input.monitorIds], 'uuid')}`);
  if (input.affectedRegions !== undefined)
    sets.push(sql.fragment`affected_regions = ${sql.array([...input.affectedRegions], 'text')}`);
  if (input.status !== undefined) {
    sets.push(sql.fragment`status = ${input.status}`);
    const resolvedAt = input.resolvedAt
      ? sql.fragment`${sql.timestamp(input.resolvedAt)}`
      : sql.fragment`now()`;
    sets.push(
      input.status === 'resolved'
        ? sql.fragment`resolved_at = COALESCE(resolved_at, ${resolvedAt})`
        : sql.fragment`resolved_at = NULL`,
    );
  }
  const row = await db.maybeOne(sql.type(incidentRow)`
    UPDATE incidents SET ${sql.join(sets, sql.fragment`, `)} WHERE org_id = ${orgId} AND id = ${id}
    RETURNING ${columns}`);
  return row ? toIncident(row) : null;
}

/** Deletes an incident and its updates; false when the organization has no such incident. */
export async function deleteIncident(db: Queryable, orgId: string, id: string): Promise<boolean> {
  const result = await db.query(sql.unsafe`DELETE FROM incidents WHERE org_id = ${orgId} AND id = ${id}`);
  return result.rowCount > 0;
}

const updateRow = z.object({
  id: z.string(),
  incident_id: z.string(),
  status: z.enum(incidentStatuses),
  message: z.string(),
  created_at: z.number(),
});

function toIncidentUpdate(row: z.infer<typeof updateRow>): IncidentUpdateRecord {
  return {
    id: row.id,
    incidentId: row.incident_id,
    status: row.status,
    message: row.message,
    createdAt: new Date(row.created_at),
  };
}

/** Posts an update on an incident. */
export async function insertIncidentUpdate(
  db: Queryable,
  input: {
    orgId: string;
    incidentId: string;
    status: IncidentStatus;
    message: string;
    createdBy: string | null;
  },
): Promise<IncidentUpdateRecord> {
  const row = await db.one(sql.type(updateRow)`
    INSERT INTO incident_updates (incident_id, org_id, status, message, created_by)
    VALUES (${input.incidentId}, ${input.orgId}, ${input.status}, ${input.message}, ${input.createdBy})
    RETURNING id, incident_id, status, message, created_at`);
  return toIncidentUpdate(row);
}

/** An incident's updates, oldest first. */
export async function listIncidentUpdates(
  db: Queryable,
  orgId: string,
  incidentId: string,
): Promise<IncidentUpdateRecord[]> {
  const rows = await db.any(sql.type(updateRow)`
    SELECT id, incident_id, status, message, created_at FROM incident_updates
    WHERE org_id = ${orgId} AND incident_id = ${incidentId} ORDER BY created_at, id`);
  return rows.map(toIncidentUpdate);
}

/** Which of these ids are monitors of this organization (to refuse another org's ids). */
export async function findOrgMonitorIds(
  db: Queryable,
  orgId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.any(sql.type(z.object({ id: z.string() }))`
    SELECT id FROM monitors WHERE org_id = ${orgId} AND id = ANY(${sql.array([...ids], 'uuid')})`);
  return rows.map((row) => row.id);
}
