import type { Role } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** An invitation to join an organization (never its token). */
export interface InvitationRecord {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

const invitationRow = z.object({
  id: z.string(),
  org_id: z.string(),
  email: z.string(),
  role: z.enum(['owner', 'admin', 'member', 'viewer']),
  invited_by: z.string().nullable(),
  created_at: z.number(),
  expires_at: z.number(),
  accepted_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
});

/** Row → record: the one converter for invitations. */
function toInvitation(row: z.infer<typeof invitationRow>): InvitationRecord {
  const date = (value: number | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    role: row.role,
    invitedBy: row.invited_by,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    acceptedAt: date(row.accepted_at),
    revokedAt: date(row.revoked_at),
  };
}

const columns = sql.fragment`id, org_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at`;
const pending = sql.fragment`accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`;

/** Stores a new invitation by the hash of its token. */
export async function insertInvitation(
  db: Queryable,
  input: {
    orgId: string;
    email: string;
    role: Role;
    tokenHash: Buffer;
    invitedBy: string | null;
    expiresAt: Date;
  },
): Promise<InvitationRecord> {
  const row = await db.one(sql.type(invitationRow)`
    INSERT INTO invitations (org_id, email, role, token_hash, invited_by, expires_at)
    VALUES (${input.orgId}, ${input.email}, ${input.role}, ${sql.binary(input.tokenHash)}, ${input.invitedBy},
            ${sql.timestamp(input.expiresAt)})
    RETURNING ${columns}`);
  return toInvitation(row);
}

/** The organization's pending (unaccepted, unrevoked, unexpired) invitations, newest first. */
export async function listPendingInvitations(db: Queryable, orgId: string): Promise<InvitationRecord[]> {
  const rows = await db.any(sql.type(invitationRow)`
    SELECT ${columns} FROM invitations WHERE org_id = ${orgId} AND ${pending}
    ORDER BY created_at DESC, id`);
  return rows.map(toInvitation);
}

/** Number of pending invitations (they count against the plan's member limit). */
export async function countPendingInvitations(db: Queryable, orgId: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT count(*)::int AS count FROM invitations WHERE org_id = ${orgId} AND ${pending}`);
}

/** Revokes the pending invitations of one email address (a new invitation replaces them). */
export async function revokeInvitationsForEmail(db: Queryable, orgId: string, email: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE invitations SET revoked_at = now() WHERE org_id = ${orgId} AND email = ${email} AND ${pending}`);
}

/** Revokes a pending invitation of this organization; null when it has no such pending invitation. */
export async function revokeInvitation(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<InvitationRecord | null> {
  const row = await db.maybeOne(sql.type(invitationRow)`
    UPDATE invitations SET revoked_at = now() WHERE org_id = ${orgId} AND id = ${id} AND ${pending}
    RETURNING ${columns}`);
  return row ? toInvitation(row) : null;
}

/** The invitation carrying this token (in any state), locked for the rest of the transaction. */
export async function findInvitationByTokenForUpdate(
  db: Queryable,
  tokenHash: Buffer,
): Promise<InvitationRecord | null> {
  const row = await db.maybeOne(sql.type(invitationRow)`
    SELECT ${columns} FROM invitations WHERE token_hash = ${sql.binary(tokenHash)} FOR UPDATE`);
  return row ? toInvitation(row) : null;
}

/** Marks an invitation as accepted. */
export async function markInvitationAccepted(db: Queryable, id: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE invitations SET accepted_at = now() WHERE id = ${id}`);
}
