import type { Role } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A member of an organization: the user and their role. */
export interface MemberRecord {
  orgId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}

const memberRow = z.object({
  org_id: z.string(),
  user_id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'admin', 'member', 'viewer']),
  joined_at: z.number(),
});

/** Row → record: the one converter for members. */
function toMember(row: z.infer<typeof memberRow>): MemberRecord {
  return {
    orgId: row.org_id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    joinedAt: new Date(row.joined_at),
  };
}

const columns = sql.fragment`m.org_id, m.user_id, u.email, u.name, m.role, m.created_at AS joined_at`;

/** Every member of an organization, by join date. */
export async function listMembers(db: Queryable, orgId: string): Promise<MemberRecord[]> {
  const rows = await db.any(sql.type(memberRow)`
    SELECT ${columns} FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.org_id = ${orgId} ORDER BY m.created_at, u.email`);
  return rows.map(toMember);
}

/**
 * Serialises changes to an organization's memberships until the transaction ends, so two concurrent
 * demotions or departures cannot both see "another owner remains". Take it before reading members.
 */
export async function lockMemberships(db: Queryable, orgId: string): Promise<void> {
  await db.query(sql.unsafe`SELECT 1 FROM organizations WHERE id = ${orgId} FOR NO KEY UPDATE`);
}

/** One member of an organization; null when the user is not a member. */
export async function findMember(db: Queryable, orgId: string, userId: string): Promise<MemberRecord | null> {
  const row = await db.maybeOne(sql.type(memberRow)`
    SELECT ${columns} FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.org_id = ${orgId} AND m.user_id = ${userId}`);
  return row ? toMember(row) : null;
}

/** Whether this email address belongs to a member of the organization. */
export async function isMemberEmail(db: Queryable, orgId: string, email: string): Promise<boolean> {
  return db.exists(sql.unsafe`
    SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.org_id = ${orgId} AND u.email = ${email}`);
}

/** Number of members of an organization. */
export async function countMembers(db: Queryable, orgId: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT count(*)::int AS count FROM memberships WHERE org_id = ${orgId}`);
}

/** Number of owners of an organization (call `lockMemberships` first when about to remove one). */
export async function countOwners(db: Queryable, orgId: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT count(*)::int AS count FROM memberships WHERE org_id = ${orgId} AND role = 'owner'`);
}

/** Changes a member's role; null when the user is not a member. */
export async function setMemberRole(
  db: Queryable,
  orgId: string,
  userId: string,
  role: Role,
): Promise<MemberRecord | null> {
  const row = await db.maybeOne(sql.type(memberRow)`
    WITH updated AS (
      UPDATE memberships SET role = ${role} WHERE org_id = ${orgId} AND user_id = ${userId} RETURNING *
    )
    SELECT ${columns} FROM updated m JOIN users u ON u.id = m.user_id`);
  return row ? toMember(row) : null;
}

/** Removes a user from an organization; false when they were not a member. */
export async function deleteMembership(db: Queryable, orgId: string, userId: string): Promise<boolean> {
  const result = await db.query(
    sql.unsafe`DELETE FROM memberships WHERE org_id = ${orgId} AND user_id = ${userId}`,
  );
  return result.rowCount > 0;
}

/** Adds a user to an organization; false when they already belong to it. */
export async function insertMembership(
  db: Queryable,
  orgId: string,
  userId: string,
  role: Role,
): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    INSERT INTO memberships (org_id, user_id, role) VALUES (${orgId}, ${userId}, ${role})
    ON CONFLICT (org_id, user_id) DO NOTHING`);
  return result.rowCount > 0;
}
