import { type PlanId, planIds } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** An organization as platform operators see it: its plan and how big it is. */
export interface OperatorOrganizationRecord {
  id: string;
  slug: string;
  name: string;
  plan: PlanId;
  memberCount: number;
  monitorCount: number;
  activeMonitorCount: number;
  createdAt: Date;
}

const operatorOrganizationRow = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  plan: z.enum(planIds),
  member_count: z.number(),
  monitor_count: z.number(),
  active_monitor_count: z.number(),
  created_at: z.number(),
});

/** Row → record: the one converter for the operators' view of organizations. */
function toOperatorOrganization(row: z.infer<typeof operatorOrganizationRow>): OperatorOrganizationRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    plan: row.plan,
    memberCount: row.member_count,
    monitorCount: row.monitor_count,
    activeMonitorCount: row.active_monitor_count,
    createdAt: new Date(row.created_at),
  };
}

const columns = sql.fragment`
  o.id, o.slug, o.name, o.plan, o.created_at,
  (SELECT count(*)::int FROM memberships m WHERE m.org_id = o.id) AS member_count,
  (SELECT count(*)::int FROM monitors mo WHERE mo.org_id = o.id) AS monitor_count,
  (SELECT count(*)::int FROM monitors mo WHERE mo.org_id = o.id AND NOT mo.paused) AS active_monitor_count`;

/** A page of organizations by slug; `query` matches slug or name, `afterSlug` continues a previous page. */
export async function listOperatorOrganizations(
  db: Queryable,
  input: { query: string | null; afterSlug: string | null; limit: number },
): Promise<OperatorOrganizationRecord[]> {
  const conditions = [sql.fragment`TRUE`];
  if (input.query) {
    const needle = input.query.toLowerCase();
    conditions.push(sql.fragment`(strpos(o.slug, ${needle}) > 0 OR strpos(lower(o.name), ${needle}) > 0)`);
  }
  if (input.afterSlug) conditions.push(sql.fragment`o.slug > ${input.afterSlug}`);
  const rows = await db.any(sql.type(operatorOrganizationRow)`
    SELECT ${columns} FROM organizations o WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY o.slug LIMIT ${input.limit}`);
  return rows.map(toOperatorOrganization);
}

/** An organization by slug with its counts; `forUpdate` locks its row for the transaction. */
export async function findOperatorOrganization(
  db: Queryable,
  slug: string,
  options: { forUpdate?: boolean } = {},
): Promise<OperatorOrganizationRecord | null> {
  const row = await db.maybeOne(sql.type(operatorOrganizationRow)`
    SELECT ${columns} FROM organizations o WHERE o.slug = ${slug}
    ${options.forUpdate ? sql.fragment`FOR NO KEY UPDATE OF o` : sql.fragment``}`);
  return row ? toOperatorOrganization(row) : null;
}

/** Sets an organization's plan and stamps when it changed. */
export async function setOrganizationPlan(db: Queryable, orgId: string, plan: PlanId): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE organizations SET plan = ${plan}, plan_changed_at = now(), updated_at = now() WHERE id = ${orgId}`);
}
