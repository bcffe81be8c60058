import type {
  AlertState,
  MonitorHealth,
  MonitorMemory,
  MonitorSpec,
  RegionMemory,
  ShownStatus,
} from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A monitor as the evaluator sees it, with its evaluation memory (locked for the transaction). */
export interface MonitorStateRecord {
  monitorId: string;
  orgId: string;
  spec: MonitorSpec;
  paused: boolean;
  memory: MonitorMemory;
  remindersSent: number;
}

const health = z.enum(['up', 'degraded', 'down', 'unknown']);
const ms = z.number().nullable();
const date = (value: number | null) => (value === null ? null : new Date(value));

const stateRow = z.object({
  monitor_id: z.string(),
  org_id: z.string(),
  spec: z.custom<MonitorSpec>((value) => typeof value === 'object' && value !== null),
  paused: z.boolean(),
  health,
  shown_status: z.enum(['up', 'degraded', 'down', 'unknown', 'maintenance']),
  affected_regions: z.array(z.string()),
  alert_state: z.enum(['none', 'degraded', 'down']),
  outage_since: ms,
  last_change_at: ms,
  maintenance_ends_at: ms,
  reminders_sent: z.number(),
});

/** Row → record: the one converter for monitor states. */
function toMonitorState(row: z.infer<typeof stateRow>): MonitorStateRecord {
  return {
    monitorId: row.monitor_id,
    orgId: row.org_id,
    spec: row.spec,
    paused: row.paused,
    remindersSent: row.reminders_sent,
    memory: {
      health: row.health as MonitorHealth,
      shownStatus: row.shown_status as ShownStatus,
      affectedRegions: row.affected_regions,
      alertState: row.alert_state as AlertState,
      outageSince: date(row.outage_since),
      lastChangeAt: date(row.last_change_at),
      maintenanceEndsAt: date(row.maintenance_ends_at),
    },
  };
}

/**
 * Locks a monitor's state row for this transaction (creating it on first use), so one monitor is
 * evaluated by one instance at a time; null when the monitor no longer exists.
 */
export async function lockMonitorState(db: Queryable, monitorId: string): Promise<MonitorStateRecord | null> {
  await db.query(sql.unsafe`
    INSERT INTO monitor_states (monitor_id, org_id) SELECT id, org_id FROM monitors WHERE id = ${monitorId}
    ON CONFLICT (monitor_id) DO NOTHING`);
  const row = await db.maybeOne(sql.type(stateRow)`
    SELECT s.monitor_id, s.org_id, m.spec, m.paused, s.health, s.shown_status, s.affected_regions, s.alert_state,
      s.outage_since, s.last_change_at, s.maintenance_ends_at, s.reminders_sent
    FROM monitor_states s JOIN monitors m ON m.id = s.monitor_id AND m.org_id = s.org_id
    WHERE s.monitor_id = ${monitorId} FOR UPDATE OF s`);
  return row ? toMonitorState(row) : null;
}

/** Stores a monitor's evaluation memory and the status it shows (`monitors.status`). */
export async function saveMonitorState(
  db: Queryable,
  input: { orgId: string; monitorId: string; memory: MonitorMemory; remindersSent: number },
): Promise<void> {
  const { memory } = input;
  const stamp = (value: Date | null) => (value ? sql.timestamp(value) : null);
  await db.query(sql.unsafe`
    UPDATE monitor_states SET health = ${memory.health}, shown_status = ${memory.shownStatus},
      affected_regions = ${sql.array(memory.affectedRegions, 'text')}, alert_state = ${memory.alertState},
      outage_since = ${stamp(memory.outageSince)}, last_change_at = ${stamp(memory.lastChangeAt)},
      maintenance_ends_at = ${stamp(memory.maintenanceEndsAt)}, reminders_sent = ${input.remindersSent},
      evaluated_at = now()
    WHERE monitor_id = ${input.monitorId} AND org_id = ${input.orgId}`);
  await db.query(sql.unsafe`
    UPDATE monitors SET status = ${memory.shownStatus}
    WHERE id = ${input.monitorId} AND org_id = ${input.orgId} AND status IS DISTINCT FROM ${memory.shownStatus}`);
}

const regionRow = z.object({
  region: z.string(),
  state: health,
  shown_state: health,
  fail_streak: z.number(),
  ok_streak: z.number(),
  fast_streak: z.number(),
  slow_streak: z.number(),
  last_check_at: ms,
  last_result_id: z.string().nullable(),
});

/** A monitor's per-region memory. */
export async function listRegionStates(
  db: Queryable,
  orgId: string,
  monitorId: string,
): Promise<RegionMemory[]> {
  const rows = await db.any(sql.type(regionRow)`
    SELECT region, state, shown_state, fail_streak, ok_streak, fast_streak, slow_streak, last_check_at,
      last_result_id
    FROM monitor_region_states WHERE org_id = ${orgId} AND monitor_id = ${monitorId} ORDER BY region`);
  return rows.map((row) => ({
    region: row.region,
    state: row.state,
    shownState: row.shown_state,
    failStreak: row.fail_streak,
    okStreak: row.ok_streak,
    fastStreak: row.fast_streak,
    slowStreak: row.slow_streak,
    lastCheckAt: date(row.last_check_at),
    lastResultId: row.last_result_id,
  }));
}

/** Stores a monitor's per-region memory (one upsert per region). */
export async function saveRegionStates(
  db: Queryable,
  input: { orgId: string; monitorId: string; regions: readonly RegionMemory[] },
): Promise<void> {
  for (const region of input.regions) {
    const lastCheckAt = region.lastCheckAt ? sql.timestamp(region.lastCheckAt) : null;
    await db.query(sql.unsafe`
      INSERT INTO monitor_region_states (monitor_id, org_id, region, state, shown_state, fail_streak, ok_streak,
        fast_streak, slow_streak, last_check_at, last_result_id)
      VALUES (${input.monitorId}, ${input.orgId}, ${region.region}, ${region.state}, ${region.shownState},
        ${region.failStreak}, ${region.okStreak}, ${region.fastStreak}, ${region.slowStreak}, ${lastCheckAt},
        ${region.lastResultId})
      ON CONFLICT (monitor_id, region) DO UPDATE SET state = excluded.state, shown_state = excluded.shown_state,
        fail_streak = excluded.fail_streak, ok_streak = excluded.ok_streak, fast_streak = excluded.fast_streak,
        slow_streak = excluded.slow_streak, last_check_at = excluded.last_check_at,
        last_result_id = excluded.last_result_id`);
  }
}

/** Forgets regions a monitor no longer runs in (so they stop counting and stop being swept). */
export async function deleteOtherRegionStates(
  db: Queryable,
  input: { orgId: string; monitorId: string; regions: readonly string[] },
): Promise<void> {
  await db.query(sql.unsafe`
    DELETE FROM monitor_region_states WHERE org_id = ${input.orgId} AND monitor_id = ${input.monitorId}
      AND NOT (region = ANY(${sql.array([...input.regions], 'text')}))`);
}

/**
 * Active probed monitors with a region shown as known whose newest result is older than
 * 2 × interval + timeout + 5 s of result delay (as `rulesOf` in the evaluator): they need re-evaluating
 * to turn that region `unknown`.
 */
export async function listMonitorsWithStaleRegions(db: Queryable, limit = 500): Promise<string[]> {
  const rows = await db.any(sql.type(z.object({ monitor_id: z.string() }))`
    SELECT DISTINCT r.monitor_id FROM monitor_region_states r JOIN monitors m ON m.id = r.monitor_id
    WHERE r.shown_state <> 'unknown' AND m.type <> 'heartbeat' AND NOT m.paused
      AND r.last_check_at + make_interval(secs => 2 * (m.spec->>'intervalSeconds')::int
        + (m.spec->>'timeoutMs')::int / 1000.0 + 5) < now()
    LIMIT ${limit}`);
  return rows.map((row) => row.monitor_id);
}

/** Monitors shown in maintenance whose window has ended (or was removed). */
export async function listMonitorsInMaintenance(db: Queryable): Promise<string[]> {
  const rows = await db.any(sql.type(z.object({ monitor_id: z.string() }))`
    SELECT monitor_id FROM monitor_states WHERE shown_status = 'maintenance'`);
  return rows.map((row) => row.monitor_id);
}

/** A reminder that is due for a monitor that stays down. */
export interface DueReminder {
  monitorId: string;
  orgId: string;
  outageSince: Date;
  /** 1 for the first reminder (one period after the outage began), 2 for the next… */
  sequence: number;
  affectedRegions: string[];
  monitorName: string;
}

/**
 * Claims the reminders due for monitors down (and announced) for at least one more `periodMs`; each
 * reminder is claimed by one instance once.
 */
export async function claimDueReminders(db: Queryable, periodMs: number): Promise<DueReminder[]> {
  const due = sql.fragment`floor(extract(epoch FROM now() - s.outage_since) * 1000 / ${periodMs})::int`;
  const rows = await db.any(sql.type(
    z.object({
      monitor_id: z.string(),
      org_id: z.string(),
      outage_since: z.number(),
      reminders_sent: z.number(),
      affected_regions: z.array(z.string()),
      name: z.string(),
    }),
  )`
    UPDATE monitor_states s SET reminders_sent = ${due}
    FROM monitors m
    WHERE m.id = s.monitor_id AND NOT m.paused AND s.alert_state = 'down' AND s.shown_status <> 'maintenance'
      AND s.outage_since IS NOT NULL AND ${due} > s.reminders_sent
    RETURNING s.monitor_id, s.org_id, s.outage_since, s.reminders_sent, s.affected_regions, m.name`);
  return rows.map((row) => ({
    monitorId: row.monitor_id,
    orgId: row.org_id,
    outageSince: new Date(row.outage_since),
    sequence: row.reminders_sent,
    affectedRegions: row.affected_regions,
    monitorName: row.name,
  }));
}

/** One undelivered outbox row. */
export interface OutboxRecord {
  id: string;
  kind: 'status_event' | 'alert_event';
  payload: unknown;
}

/** Queues timeline and alert events for delivery after the transaction commits. */
export async function insertOutbox(
  db: Queryable,
  items: ReadonlyArray<{ kind: OutboxRecord['kind']; payload: unknown }>,
): Promise<void> {
  for (const item of items) {
    await db.query(sql.unsafe`
      INSERT INTO status_outbox (kind, payload) VALUES (${item.kind}, ${sql.jsonb(item.payload as never)})`);
  }
}

/** Claims undelivered outbox rows, oldest first; rows another instance is delivering are skipped. */
export async function claimOutbox(db: Queryable, limit = 500): Promise<OutboxRecord[]> {
  const rows = await db.any(sql.type(
    z.object({ id: z.string(), kind: z.enum(['status_event', 'alert_event']), payload: z.unknown() }),
  )`
    SELECT id::text, kind, payload FROM status_outbox ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
  return rows.map((row) => ({ id: row.id, kind: row.kind, payload: row.payload }));
}

/** Deletes delivered outbox rows. */
export async function deleteOutbox(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(sql.unsafe`DELETE FROM status_outbox WHERE id = ANY(${sql.array([...ids], 'int8')})`);
}
