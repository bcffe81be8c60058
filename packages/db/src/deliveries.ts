import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** Where one delivery stands: waiting for (re)tries, sent, or out of retries. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One try to send a delivery: the HTTP status, or the error when no response came. */
export interface DeliveryAttemptRecord {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** One alert event to one channel (unique per event and channel: the idempotency key). */
export interface DeliveryRecord {
  id: string;
  orgId: string;
  channelId: string;
  eventId: string;
  eventKind: string;
  monitorId: string | null;
  /** The alert event payload as it was queued. */
  event: Record<string, unknown>;
  status: DeliveryStatus;
  manualRetries: number;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

const deliveryRow = z.object({
  id: z.string(),
  org_id: z.string(),
  channel_id: z.string(),
  event_id: z.string(),
  event_kind: z.string(),
  monitor_id: z.string().nullable(),
  event: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'delivered', 'failed']),
  manual_retries: z.number(),
  created_at: z.number(),
  updated_at: z.number(),
  delivered_at: z.number().nullable(),
});

const attemptRow = z.object({
  delivery_id: z.string(),
  status_code: z.number().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number(),
  at: z.number(),
});

const columns = sql.fragment`id, org_id, channel_id, event_id, event_kind, monitor_id, event, status, manual_retries,
  created_at, updated_at, delivered_at`;

/** Row → record: the one converter for deliveries. */
function toDelivery(row: z.infer<typeof deliveryRow>): DeliveryRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    channelId: row.channel_id,
    eventId: row.event_id,
    eventKind: row.event_kind,
    monitorId: row.monitor_id,
    event: row.event,
    status: row.status,
    manualRetries: row.manual_retries,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    deliveredAt: row.delivered_at === null ? null : new Date(row.delivered_at),
  };
}

/**
 * Records a delivery unless one exists for (event, channel). Returns the stored row either way, and
 * whether this call created it.
 */
export async function insertDelivery(
  db: Queryable,
  input: {
    orgId: string;
    channelId: string;
    eventId: string;
    eventKind: string;
    monitorId: string | null;
    event: Record<string, unknown>;
  },
): Promise<{ delivery: DeliveryRecord; created: boolean }> {
  const inserted = await db.maybeOne(sql.type(deliveryRow)`
    INSERT INTO deliveries (org_id, channel_id, event_id, event_kind, monitor_id, event)
    VALUES (${input.orgId}, ${input.channelId}, ${input.eventId}, ${input.eventKind}, ${input.monitorId},
      ${sql.jsonb(input.event as never)})
    ON CONFLICT (event_id, channel_id) DO NOTHING RETURNING ${columns}`);
  if (inserted) return { delivery: toDelivery(inserted), created: true };
  const existing = await db.one(sql.type(deliveryRow)`
    SELECT ${columns} FROM deliveries WHERE event_id = ${input.eventId} AND channel_id = ${input.channelId}`);
  return { delivery: toDelivery(existing), created: false };
}

/** A delivery by id (workers); tenant reads use `findOrgDelivery`. */
export async function findDelivery(db: Queryable, id: string): Promise<DeliveryRecord | null> {
  const row = await db.maybeOne(sql.type(deliveryRow)`SELECT ${columns} FROM deliveries WHERE id = ${id}`);
  return row ? toDelivery(row) : null;
}

/** A delivery of this organization. */
export async function findOrgDelivery(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<DeliveryRecord | null> {
  const row = await db.maybeOne(sql.type(deliveryRow)`
    SELECT ${columns} FROM deliveries WHERE org_id = ${orgId} AND id = ${id}`);
  return row ? toDelivery(row) : null;
}

/** The latest deliveries of a channel of this organization, newest first. */
export async function listChannelDeliveries(
  db: Queryable,
  input: { orgId: string; channelId: string; limit: number },
): Promise<DeliveryRecord[]> {
  const rows = await db.any(sql.type(deliveryRow)`
    SELECT ${columns} FROM deliveries WHERE org_id = ${input.orgId} AND channel_id = ${input.channelId}
    ORDER BY created_at DESC, id LIMIT ${input.limit}`);
  return rows.map(toDelivery);
}

/** Every attempt of these deliveries, oldest first, grouped by delivery id. */
export async function listDeliveryAttempts(
  db: Queryable,
  deliveryIds: readonly string[],
): Promise<Map<string, DeliveryAttemptRecord[]>> {
  const byDelivery = new Map<string, DeliveryAttemptRecord[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db.any(sql.type(attemptRow)`
    SELECT delivery_id, status_code, error, duration_ms, at FROM delivery_attempts
    WHERE delivery_id = ANY(${sql.array([...deliveryIds], 'uuid')}) ORDER BY id`);
  for (const row of rows) {
    const attempts = byDelivery.get(row.delivery_id) ?? [];
    attempts.push({
      statusCode: row.status_code,
      error: row.error,
      durationMs: row.duration_ms,
      at: new Date(row.at),
    });
    byDelivery.set(row.delivery_id, attempts);
  }
  return byDelivery;
}

/** Records one try to send a delivery. */
export async function insertDeliveryAttempt(
  db: Queryable,
  deliveryId: string,
  attempt: Omit<DeliveryAttemptRecord, 'at'>,
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO delivery_attempts (delivery_id, status_code, error, duration_ms)
    VALUES (${deliveryId}, ${attempt.statusCode}, ${attempt.error}, ${Math.round(attempt.durationMs)})`);
}

/** Moves a delivery to `status`; `fromStatus` makes the change conditional. Null when nothing changed. */
export async function setDeliveryStatus(
  db: Queryable,
  id: string,
  status: DeliveryStatus,
  options: { fromStatus?: DeliveryStatus; manualRetry?: boolean } = {},
): Promise<DeliveryRecord | null> {
  const from = options.fromStatus ? sql.fragment`AND status = ${options.fromStatus}` : sql.fragment``;
  const retries = options.manualRetry ? sql.fragment`manual_retries + 1` : sql.fragment`manual_retries`;
  const row = await db.maybeOne(sql.type(deliveryRow)`
    UPDATE deliveries SET status = ${status}, manual_retries = ${retries}, updated_at = now(),
      delivered_at = ${status === 'delivered' ? sql.fragment`now()` : sql.fragment`delivered_at`}
    WHERE id = ${id} ${from} RETURNING ${columns}`);
  return row ? toDelivery(row) : null;
}

/** When this channel was last told this monitor is down (the alert or a reminder); null when never. */
export async function lastDownNoticeAt(
  db: Queryable,
  channelId: string,
  monitorId: string,
): Promise<Date | null> {
  const at = await db.maybeOneFirst(sql.type(z.object({ at: z.number() }))`
    SELECT created_at AS at FROM deliveries
    WHERE channel_id = ${channelId} AND monitor_id = ${monitorId} AND event_kind IN ('monitor.down', 'monitor.reminder')
    ORDER BY created_at DESC LIMIT 1`);
  return at === null ? null : new Date(at);
}
