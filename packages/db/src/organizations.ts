import type { PlanId, Role } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** An organization (tenant). */
export interface OrganizationRecord {
  id: string;
  slug: string;
  name: string;
  plan: PlanId;
  createdAt: Date;
}

const orgRow = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  plan: z.enum(['free', 'pro', 'business', 'unlimited']),
  created_at: z.number(),
});

/** Row → record: the one converter for organizations. */
function toOrganization(row: z.infer<typeof orgRow>): OrganizationRecord {
  return { id: row.id, slug: row.slug, name: row.name, plan: row.plan, createdAt: new Date(row.created_at) };
}

const columns = sql.fragment`o.id, o.slug, o.name, o.plan, o.created_at`;

/** Inserts an organization; null when the slug is taken. */
export async function insertOrganization(
  db: Queryable,
  input: { slug: string; name: string; plan: PlanId },
): Promise<OrganizationRecord | null> {
  const row = await db.maybeOne(sql.type(orgRow)`
    INSERT INTO organizations AS o (slug, name, plan) VALUES (${input.slug}, ${input.name}, ${input.plan})
    ON CONFLICT (slug) DO NOTHING RETURNING ${columns}`);
  return row ? toOrganization(row) : null;
}

/** True when an organization uses this slug. */
export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return db.exists(sql.unsafe`SELECT 1 FROM organizations WHERE slug = ${slug}`);
}

/** Finds an organization by slug. */
export async function findOrganizationBySlug(
  db: Queryable,
  slug: string,
): Promise<OrganizationRecord | null> {
  const row = await db.maybeOne(
    sql.type(orgRow)`SELECT ${columns} FROM organizations o WHERE o.slug = ${slug}`,
  );
  return row ? toOrganization(row) : null;
}

/** An organization with the role of one user in it. */
export interface MembershipRecord {
  organization: OrganizationRecord;
  role: Role;
}

const membershipRow = orgRow.extend({ role: z.enum(['owner', 'admin', 'member', 'viewer']) });

/** The organization with this slug and the user's role in it; null when it does not exist or they are not a member. */
export async function findMembershipBySlug(
  db: Queryable,
  slug: string,
  userId: string,
): Promise<MembershipRecord | null> {
  const row = await db.maybeOne(sql.type(membershipRow)`
    SELECT ${columns}, m.role FROM organizations o JOIN memberships m ON m.org_id = o.id
    WHERE o.slug = ${slug} AND m.user_id = ${userId}`);
  return row ? { organization: toOrganization(row), role: row.role } : null;
}

/** Every organization the user belongs to, oldest first. */
export async function listMemberships(db: Queryable, userId: string): Promise<MembershipRecord[]> {
  const rows = await db.any(sql.type(membershipRow)`
    SELECT ${columns}, m.role FROM organizations o JOIN memberships m ON m.org_id = o.id
    WHERE m.user_id = ${userId} ORDER BY m.created_at, o.slug`);
  return rows.map((row) => ({ organization: toOrganization(row), role: row.role }));
}

/** Adds a user to an organization with a role (or changes the role of an existing member). */
export async function upsertMembership(
  db: Queryable,
  orgId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO memberships (org_id, user_id, role) VALUES (${orgId}, ${userId}, ${role})
    ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role`);
}

/** Renames an organization; null when it does not exist. */
export async function renameOrganization(
  db: Queryable,
  orgId: string,
  name: string,
): Promise<OrganizationRecord | null> {
  const row = await db.maybeOne(sql.type(orgRow)`
    UPDATE organizations AS o SET name = ${name}, updated_at = now() WHERE o.id = ${orgId} RETURNING ${columns}`);
  return row ? toOrganization(row) : null;
}

/** Deletes an organization and, by cascade, everything it owns. */
export async function deleteOrganization(db: Queryable, orgId: string): Promise<void> {
  await db.query(sql.unsafe`DELETE FROM organizations WHERE id = ${orgId}`);
}
