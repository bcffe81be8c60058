import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** States a manual component (one without a monitor) can be set to. */
export const manualComponentStates = ['up', 'degraded', 'down', 'maintenance'] as const;

/** One manual component state. */
export type ManualComponentState = (typeof manualComponentStates)[number];

/** A named group of components on a status page. */
export interface StatusPageGroupRecord {
  id: string;
  pageId: string;
  name: string;
  /** Place in the page's top-level order (groups and ungrouped components together). */
  position: number;
}

/** A component shown on a status page: a monitor's state, or a state set by hand. */
export interface StatusPageComponentRecord {
  id: string;
  pageId: string;
  groupId: string | null;
  monitorId: string | null;
  name: string;
  description: string;
  /** Place inside its group, or in the top-level order when ungrouped. */
  position: number;
  /** Regions shown; empty = every shown region of its monitor. */
  regions: string[];
  manualState: ManualComponentState;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a component is written with. */
export interface StatusPageComponentFields {
  groupId: string | null;
  monitorId: string | null;
  name: string;
  description: string;
  regions: readonly string[];
  manualState: ManualComponentState;
}

/** One entry of a page's top-level order: a group, or (groupId null) a run of ungrouped components. */
export interface LayoutEntry {
  groupId: string | null;
  componentIds: readonly string[];
}

const groupRow = z.object({ id: z.string(), page_id: z.string(), name: z.string(), position: z.number() });

const componentRow = z.object({
  id: z.string(),
  page_id: z.string(),
  group_id: z.string().nullable(),
  monitor_id: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  position: z.number(),
  regions: z.array(z.string()),
  manual_state: z.enum(manualComponentStates),
  created_at: z.number(),
  updated_at: z.number(),
});

const groupColumns = sql.fragment`id, page_id, name, position`;
const componentColumns = sql.fragment`id, page_id, group_id, monitor_id, name, description, position, regions,
  manual_state, created_at, updated_at`;

function toGroup(row: z.infer<typeof groupRow>): StatusPageGroupRecord {
  return { id: row.id, pageId: row.page_id, name: row.name, position: row.position };
}

/** Row → record: the one converter for components. */
export function toStatusPageComponent(row: z.infer<typeof componentRow>): StatusPageComponentRecord {
  return {
    id: row.id,
    pageId: row.page_id,
    groupId: row.group_id,
    monitorId: row.monitor_id,
    name: row.name,
    description: row.description,
    position: row.position,
    regions: row.regions,
    manualState: row.manual_state,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The component row schema, for queries that read components with more columns. */
export const statusPageComponentRow = componentRow;

// The next free place in the page's top-level order, or inside a group.
function nextPosition(pageId: string, groupId: string | null) {
  if (groupId !== null) {
    return sql.fragment`(SELECT COALESCE(max(position) + 1, 0) FROM status_page_components
      WHERE page_id = ${pageId} AND group_id = ${groupId})`;
  }
  return sql.fragment`(SELECT COALESCE(GREATEST(
      (SELECT max(position) FROM status_page_groups WHERE page_id = ${pageId}),
      (SELECT max(position) FROM status_page_components WHERE page_id = ${pageId} AND group_id IS NULL)) + 1, 0))`;
}

/** A page's groups in order. */
export async function listStatusPageGroups(
  db: Queryable,
  orgId: string,
  pageId: string,
): Promise<StatusPageGroupRecord[]> {
  const rows = await db.any(sql.type(groupRow)`
    SELECT ${groupColumns} FROM status_page_groups WHERE org_id = ${orgId} AND page_id = ${pageId}
    ORDER BY position, created_at, id`);
  return rows.map(toGroup);
}

/** A page's components, by position (group order is the caller's). */
export async function listStatusPageComponents(
  db: Queryable,
  orgId: string,
  pageId: string,
): Promise<StatusPageComponentRecord[]> {
  const rows = await db.any(sql.type(componentRow)`
    SELECT ${componentColumns} FROM status_page_components WHERE org_id = ${orgId} AND page_id = ${pageId}
    ORDER BY position, created_at, id`);
  return rows.map(toStatusPageComponent);
}

/** Adds a group at the end of the page. */
export async function insertStatusPageGroup(
  db: Queryable,
  input: { orgId: string; pageId: string; name: string },
): Promise<StatusPageGroupRecord> {
  const row = await db.one(sql.type(groupRow)`
    INSERT INTO status_page_groups (page_id, org_id, name, position)
    VALUES (${input.pageId}, ${input.orgId}, ${input.name}, ${nextPosition(input.pageId, null)})
    RETURNING ${groupColumns}`);
  return toGroup(row);
}

/** Renames a group; null when the page has no such group. */
export async function renameStatusPageGroup(
  db: Queryable,
  input: { orgId: string; pageId: string; id: string; name: string },
): Promise<StatusPageGroupRecord | null> {
  const row = await db.maybeOne(sql.type(groupRow)`
    UPDATE status_page_groups SET name = ${input.name}
    WHERE org_id = ${input.orgId} AND page_id = ${input.pageId} AND id = ${input.id} RETURNING ${groupColumns}`);
  return row ? toGroup(row) : null;
}

/** Deletes a group; its components stay, ungrouped, at the end of the page. False when there is no such group. */
export async function deleteStatusPageGroup(
  db: Queryable,
  input: { orgId: string; pageId: string; id: string },
): Promise<boolean> {
  const { orgId, pageId, id } = input;
  await db.query(sql.unsafe`
    UPDATE status_page_components SET group_id = NULL, position = ${nextPosition(pageId, null)} + position,
      updated_at = now()
    WHERE org_id = ${orgId} AND page_id = ${pageId} AND group_id = ${id}`);
  const result = await db.query(sql.unsafe`
    DELETE FROM status_page_groups WHERE org_id = ${orgId} AND page_id = ${pageId} AND id = ${id}`);
  return result.rowCount > 0;
}

/** Adds a component at the end of its group (or of the page). */
export async function insertStatusPageComponent(
  db: Queryable,
  input: StatusPageComponentFields & { orgId: string; pageId: string },
): Promise<StatusPageComponentRecord> {
  const row = await db.one(sql.type(componentRow)`
    INSERT INTO status_page_components (page_id, org_id, group_id, monitor_id, name, description, position,
      regions, manual_state)
    VALUES (${input.pageId}, ${input.orgId}, ${input.groupId}, ${input.monitorId}, ${input.name},
      ${input.description}, ${nextPosition(input.pageId, input.groupId)},
      ${sql.array([...input.regions], 'text')}, ${input.manualState})
    RETURNING ${componentColumns}`);
  return toStatusPageComponent(row);
}

/** Replaces a component's fields; moving it to another group puts it at that group's end. */
export async function updateStatusPageComponent(
  db: Queryable,
  input: StatusPageComponentFields & { orgId: string; pageId: string; id: string },
): Promise<StatusPageComponentRecord | null> {
  const { orgId, pageId, id, groupId } = input;
  const row = await db.maybeOne(sql.type(componentRow)`
    UPDATE status_page_components SET group_id = ${groupId}, monitor_id = ${input.monitorId},
      name = ${input.name}, description = ${input.description},
      regions = ${sql.array([...input.regions], 'text')}, manual_state = ${input.manualState},
      position = CASE WHEN group_id IS NOT DISTINCT FROM ${groupId}::uuid THEN position
        ELSE ${nextPosition(pageId, groupId)} END,
      updated_at = now()
    WHERE org_id = ${orgId} AND page_id = ${pageId} AND id = ${id} RETURNING ${componentColumns}`);
  return row ? toStatusPageComponent(row) : null;
}

/** Deletes a component; false when the page has no such component. */
export async function deleteStatusPageComponent(
  db: Queryable,
  input: { orgId: string; pageId: string; id: string },
): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    DELETE FROM status_page_components
    WHERE org_id = ${input.orgId} AND page_id = ${input.pageId} AND id = ${input.id}`);
  return result.rowCount > 0;
}

/**
 * Applies a whole layout: the top-level order of groups and ungrouped runs, and each component's group
 * and place. The caller checks that it names every group and component of the page exactly once.
 */
export async function applyStatusPageLayout(
  db: Queryable,
  input: { orgId: string; pageId: string; entries: readonly LayoutEntry[] },
): Promise<void> {
  const groups: { id: string; position: number }[] = [];
  const components: { id: string; groupId: string | null; position: number }[] = [];
  let top = 0;
  for (const entry of input.entries) {
    if (entry.groupId === null) {
      for (const id of entry.componentIds) components.push({ id, groupId: null, position: top++ });
      continue;
    }
    groups.push({ id: entry.groupId, position: top++ });
    entry.componentIds.forEach((id, index) => {
      components.push({ id, groupId: entry.groupId, position: index });
    });
  }
  if (groups.length > 0) {
    await db.query(sql.unsafe`
      UPDATE status_page_groups g SET position = v.position
      FROM unnest(${sql.array(
        groups.map((group) => group.id),
        'uuid',
      )}, ${sql.array(
        groups.map((group) => group.position),
        'int4',
      )}) AS v(id, position)
      WHERE g.id = v.id AND g.org_id = ${input.orgId} AND g.page_id = ${input.pageId}`);
  }
  if (components.length > 0) {
    await db.query(sql.unsafe`
      UPDATE status_page_components c SET group_id = v.group_id, position = v.position, updated_at = now()
      FROM unnest(${sql.array(
        components.map((component) => component.id),
        'uuid',
      )}, ${sql.array(
        components.map((component) => component.groupId),
        'uuid',
      )}, ${sql.array(
        components.map((component) => component.position),
        'int4',
      )}) AS v(id, group_id, position)
      WHERE c.id = v.id AND c.org_id = ${input.orgId} AND c.page_id = ${input.pageId}`);
  }
}
