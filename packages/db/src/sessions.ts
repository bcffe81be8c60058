import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';
import { toUser, type UserRecord, userRow } from './users.ts';

/** A live session with its user's id. */
export interface SessionRecord {
  id: string;
  userId: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

const sessionRow = z.object({
  id: z.string(),
  user_id: z.string(),
  expires_at: z.number(),
  last_seen_at: z.number(),
});

/** Stores a new session by the hash of its token. */
export async function insertSession(
  db: Queryable,
  input: { userId: string; tokenHash: Buffer; expiresAt: Date; userAgent: string; ip: string },
): Promise<string> {
  return db.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO sessions (user_id, token_hash, expires_at, user_agent, ip)
    VALUES (${input.userId}, ${sql.binary(input.tokenHash)}, ${sql.timestamp(input.expiresAt)},
            ${input.userAgent.slice(0, 300)}, ${input.ip})
    RETURNING id`);
}

const sessionUserRow = userRow.extend({ session_id: z.string(), session_last_seen_at: z.number() });

/** The live session with this token hash and its user, in one round trip (every request makes it). */
export async function findLiveSessionUser(
  db: Queryable,
  tokenHash: Buffer,
): Promise<{ sessionId: string; lastSeenAt: Date; user: UserRecord } | null> {
  const row = await db.maybeOne(sql.type(sessionUserRow)`
    SELECT u.id, u.email, u.name, u.password_hash, u.email_verified_at, u.is_operator, u.created_at,
      s.id AS session_id, s.last_seen_at AS session_last_seen_at
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${sql.binary(tokenHash)} AND s.revoked_at IS NULL AND s.expires_at > now()`);
  return row
    ? { sessionId: row.session_id, lastSeenAt: new Date(row.session_last_seen_at), user: toUser(row) }
    : null;
}

/** The live (not revoked, not expired) session with this token hash. */
export async function findLiveSession(db: Queryable, tokenHash: Buffer): Promise<SessionRecord | null> {
  const row = await db.maybeOne(sql.type(sessionRow)`
    SELECT id, user_id, expires_at, last_seen_at FROM sessions
    WHERE token_hash = ${sql.binary(tokenHash)} AND revoked_at IS NULL AND expires_at > now()`);
  return row
    ? {
        id: row.id,
        userId: row.user_id,
        expiresAt: new Date(row.expires_at),
        lastSeenAt: new Date(row.last_seen_at),
      }
    : null;
}

/** Records that a session was used (callers throttle this). */
export async function touchSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE sessions SET last_seen_at = now() WHERE id = ${sessionId}`);
}

/** Revokes one session. */
export async function revokeSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query(
    sql.unsafe`UPDATE sessions SET revoked_at = now() WHERE id = ${sessionId} AND revoked_at IS NULL`,
  );
}

/** Revokes every session of a user except `keepSessionId` (null revokes all). */
export async function revokeUserSessions(
  db: Queryable,
  userId: string,
  keepSessionId: string | null,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE sessions SET revoked_at = now()
    WHERE user_id = ${userId} AND revoked_at IS NULL AND id IS DISTINCT FROM ${keepSessionId}::uuid`);
}
