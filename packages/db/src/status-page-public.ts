import type { MonitorStatus, RegionState } from '@vantage/domain';
import { monitorStatuses, regionStates } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import { type IncidentImpact, type IncidentStatus, incidentImpacts, incidentStatuses } from './incidents.ts';
import type { Queryable } from './queryable.ts';
import {
  type StatusPageComponentRecord,
  statusPageComponentRow,
  toStatusPageComponent,
} from './status-page-layout.ts';

/** The live state of a component's monitor: its shown status and each region's shown state. */
export interface ComponentMonitorState {
  status: MonitorStatus;
  paused: boolean;
  /** The regions the monitor runs in. */
  regions: string[];
  regionStates: { region: string; state: RegionState }[];
}

/** A component with its monitor's live state (null for a manual component). */
export interface PublicComponentRecord extends StatusPageComponentRecord {
  monitor: ComponentMonitorState | null;
}

/** An incident as a status page shows it, with its updates oldest first. */
export interface PublicIncidentRecord {
  id: string;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  monitorIds: string[];
  affectedRegions: string[];
  startedAt: Date;
  resolvedAt: Date | null;
  updates: { id: string; status: IncidentStatus; message: string; createdAt: Date }[];
}

const publicComponentRow = statusPageComponentRow.extend({
  monitor_status: z.enum(monitorStatuses).nullable(),
  monitor_paused: z.boolean().nullable(),
  monitor_regions: z.array(z.string()).nullable(),
  region_states: z.array(z.object({ region: z.string(), state: z.enum(regionStates) })),
});

/** A page's components with their monitors' live states, in one query. */
export async function listPublicComponents(
  db: Queryable,
  orgId: string,
  pageId: string,
): Promise<PublicComponentRecord[]> {
  const rows = await db.any(sql.type(publicComponentRow)`
    SELECT c.id, c.page_id, c.group_id, c.monitor_id, c.name, c.description, c.position, c.regions,
      c.manual_state, c.created_at, c.updated_at,
      m.status AS monitor_status, m.paused AS monitor_paused, m.regions AS monitor_regions,
      COALESCE((SELECT json_agg(json_build_object('region', r.region, 'state', r.shown_state) ORDER BY r.region)
        FROM monitor_region_states r WHERE r.monitor_id = m.id AND r.org_id = m.org_id), '[]') AS region_states
    FROM status_page_components c
    LEFT JOIN monitors m ON m.id = c.monitor_id AND m.org_id = c.org_id
    WHERE c.org_id = ${orgId} AND c.page_id = ${pageId}
    ORDER BY c.position, c.created_at, c.id`);
  return rows.map((row) => ({
    ...toStatusPageComponent(row),
    monitor:
      row.monitor_status === null
        ? null
        : {
            status: row.monitor_status,
            paused: row.monitor_paused ?? false,
            regions: row.monitor_regions ?? [],
            regionStates: row.region_states,
          },
  }));
}

const incidentRow = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(incidentStatuses),
  impact: z.enum(incidentImpacts),
  monitor_ids: z.array(z.string()),
  affected_regions: z.array(z.string()),
  started_at: z.number(),
  resolved_at: z.number().nullable(),
  updates: z.array(
    z.object({
      id: z.string(),
      status: z.enum(incidentStatuses),
      message: z.string(),
      created_at: z.string(),
    }),
  ),
});

/**
 * Incidents of the page's monitors that are open, or started or resolved since `since`, newest first,
 * with their updates (one query).
 */
export async function listPageIncidents(
  db: Queryable,
  input: { orgId: string; pageId: string; since: Date; limit: number },
): Promise<PublicIncidentRecord[]> {
  const since = sql.timestamp(input.since);
  const rows = await db.any(sql.type(incidentRow)`
    SELECT i.id, i.title, i.status, i.impact, i.monitor_ids::text[] AS monitor_ids, i.affected_regions,
      i.started_at, i.resolved_at,
      COALESCE((SELECT json_agg(json_build_object('id', u.id, 'status', u.status, 'message', u.message,
          'created_at', to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          ORDER BY u.created_at, u.id)
        FROM incident_updates u WHERE u.incident_id = i.id AND u.org_id = i.org_id), '[]') AS updates
    FROM incidents i
    WHERE i.org_id = ${input.orgId}
      AND i.monitor_ids && ARRAY(SELECT monitor_id FROM status_page_components
        WHERE page_id = ${input.pageId} AND org_id = ${input.orgId} AND monitor_id IS NOT NULL)
      AND (i.resolved_at IS NULL OR i.started_at >= ${since} OR i.resolved_at >= ${since})
    ORDER BY i.started_at DESC, i.id DESC LIMIT ${input.limit}`);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    impact: row.impact,
    monitorIds: row.monitor_ids,
    affectedRegions: row.affected_regions,
    startedAt: new Date(row.started_at),
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    updates: row.updates.map((update) => ({
      id: update.id,
      status: update.status,
      message: update.message,
      createdAt: new Date(update.created_at),
    })),
  }));
}

/** Display names of these regions (unknown ids are left out). */
export async function listRegionNames(
  db: Queryable,
  ids: readonly string[],
): Promise<{ id: string; name: string; location: string }[]> {
  if (ids.length === 0) return [];
  const rows = await db.any(sql.type(z.object({ id: z.string(), name: z.string(), location: z.string() }))`
    SELECT id, name, location FROM regions WHERE id = ANY(${sql.array([...ids], 'text')})`);
  return [...rows];
}
