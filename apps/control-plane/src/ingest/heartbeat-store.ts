import { type Queryable, sql } from '@vantage/db';
import { z } from 'zod';

/** A heartbeat monitor found by its ping token. */
export interface HeartbeatTarget {
  monitorId: string;
  orgId: string;
  paused: boolean;
}

/** One monitor whose ping deadline passed: its missed deadlines are `firstMissedAt + k × periodSeconds`. */
export interface MissedHeartbeat {
  monitorId: string;
  orgId: string;
  firstMissedAt: Date;
  nextDeadlineAt: Date;
  periodSeconds: number;
  /** expectedEverySeconds + graceSeconds: how long a ping was awaited. */
  windowSeconds: number;
}

const expected = sql.fragment`(spec->>'expectedEverySeconds')::int`;
const window = sql.fragment`((spec->>'expectedEverySeconds')::int + COALESCE((spec->>'graceSeconds')::int, 0))`;
// A monitor never pinged is due one window after it was created.
const deadline = sql.fragment`COALESCE(heartbeat_deadline_at, created_at + make_interval(secs => ${window}))`;

/** The heartbeat monitor whose ping token is `token` (the token is the credential; no org in the URL). */
export async function findHeartbeatTarget(db: Queryable, token: string): Promise<HeartbeatTarget | null> {
  const row = await db.maybeOne(sql.type(
    z.object({ id: z.string(), org_id: z.string(), paused: z.boolean() }),
  )`
    SELECT id, org_id, paused FROM monitors WHERE heartbeat_token = ${token} AND type = 'heartbeat'`);
  return row ? { monitorId: row.id, orgId: row.org_id, paused: row.paused } : null;
}

/** A recorded ping and what it replaced (to undo it when its result cannot be written). */
export interface ClaimedPing {
  pingedAt: Date;
  previousPingAt: Date | null;
  previousDeadlineAt: Date | null;
}

const claimedRow = z.object({
  last_ping_at: z.number(),
  previous_ping_at: z.number().nullable(),
  previous_deadline_at: z.number().nullable(),
});
const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Records a ping and moves the deadline one window on; null when this monitor was already pinged in the
 * same second (at most one result row per second).
 */
export async function claimPing(db: Queryable, monitorId: string): Promise<ClaimedPing | null> {
  const row = await db.maybeOne(sql.type(claimedRow)`
    UPDATE monitors m SET last_ping_at = now(), heartbeat_deadline_at = now() + make_interval(secs => ${window})
    FROM (SELECT id, last_ping_at, heartbeat_deadline_at FROM monitors WHERE id = ${monitorId} FOR UPDATE) old
    WHERE m.id = old.id AND m.type = 'heartbeat' AND NOT m.paused
      AND (m.last_ping_at IS NULL OR m.last_ping_at < date_trunc('second', now()))
    RETURNING m.last_ping_at, old.last_ping_at AS previous_ping_at, old.heartbeat_deadline_at AS previous_deadline_at`);
  if (!row) return null;
  return {
    pingedAt: new Date(row.last_ping_at),
    previousPingAt: dateOrNull(row.previous_ping_at),
    previousDeadlineAt: dateOrNull(row.previous_deadline_at),
  };
}

/** Undoes `claimPing` (unless a later ping came in since). */
export async function unclaimPing(db: Queryable, monitorId: string, claimed: ClaimedPing): Promise<void> {
  const previousPing = claimed.previousPingAt ? sql.timestamp(claimed.previousPingAt) : null;
  const previousDeadline = claimed.previousDeadlineAt ? sql.timestamp(claimed.previousDeadlineAt) : null;
  await db.query(sql.unsafe`
    UPDATE monitors SET last_ping_at = ${previousPing}, heartbeat_deadline_at = ${previousDeadline}
    WHERE id = ${monitorId}
      AND abs(extract(epoch FROM last_ping_at - ${sql.timestamp(claimed.pingedAt)})) < 0.001`);
}

const missedRow = z.object({
  id: z.string(),
  org_id: z.string(),
  first_missed_at: z.number(),
  next_deadline_at: z.number(),
  period_seconds: z.number(),
  window_seconds: z.number(),
});

/**
 * Claims active heartbeat monitors whose deadline passed and moves each deadline past now (one period per
 * missed deadline). Rows locked by another instance are skipped, so no miss is claimed twice; run it in
 * the transaction that writes the failing results, so a failed write leaves the misses to the next sweep.
 */
export async function claimMissedHeartbeats(db: Queryable, limit = 500): Promise<MissedHeartbeat[]> {
  const rows = await db.any(sql.type(missedRow)`
    WITH due AS (
      SELECT id, ${deadline} AS missed_at, ${expected} AS period_seconds, ${window} AS window_seconds
      FROM monitors WHERE type = 'heartbeat' AND NOT paused AND ${deadline} <= now()
      ORDER BY 2 LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE monitors m SET heartbeat_deadline_at = due.missed_at + make_interval(secs =>
      (due.period_seconds * (floor(extract(epoch FROM now() - due.missed_at) / due.period_seconds) + 1))::float8)
    FROM due WHERE m.id = due.id
    RETURNING m.id, m.org_id, due.missed_at AS first_missed_at, m.heartbeat_deadline_at AS next_deadline_at,
      due.period_seconds, due.window_seconds`);
  return rows.map((row) => ({
    monitorId: row.id,
    orgId: row.org_id,
    firstMissedAt: new Date(row.first_missed_at),
    nextDeadlineAt: new Date(row.next_deadline_at),
    periodSeconds: row.period_seconds,
    windowSeconds: row.window_seconds,
  }));
}
