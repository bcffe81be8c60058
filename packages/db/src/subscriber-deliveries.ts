import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** Where a subscriber delivery stands; `cancelled`: the subscriber stopped before it was sent. */
export type SubscriberDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One incident event to one status page subscriber (unique per event and subscriber). */
export interface SubscriberDeliveryRecord {
  id: string;
  orgId: string;
  subscriberId: string;
  eventId: string;
  /** What is sent, as fanned out. */
  notice: Record<string, unknown>;
  status: SubscriberDeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const deliveryRow = z.object({
  id: z.string(),
  org_id: z.string(),
  subscriber_id: z.string(),
  event_id: z.string(),
  notice: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
  attempts: z.number(),
  last_error: z.string().nullable(),
  created_at: z.number(),
  delivered_at: z.number().nullable(),
});

const columns = sql.fragment`id, org_id, subscriber_id, event_id, notice, status, attempts, last_error,
  created_at, delivered_at`;

/** Row → record: the one converter for subscriber deliveries. */
function toDelivery(row: z.infer<typeof deliveryRow>): SubscriberDeliveryRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    subscriberId: row.subscriber_id,
    eventId: row.event_id,
    notice: row.notice,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    deliveredAt: row.delivered_at === null ? null : new Date(row.delivered_at),
  };
}

/** Records a delivery unless one exists for (event, subscriber); returns the stored row either way. */
export async function insertSubscriberDelivery(
  db: Queryable,
  input: { orgId: string; subscriberId: string; eventId: string; notice: Record<string, unknown> },
): Promise<SubscriberDeliveryRecord> {
  const inserted = await db.maybeOne(sql.type(deliveryRow)`
    INSERT INTO subscriber_deliveries (org_id, subscriber_id, event_id, notice)
    VALUES (${input.orgId}, ${input.subscriberId}, ${input.eventId}, ${sql.jsonb(input.notice as never)})
    ON CONFLICT (event_id, subscriber_id) DO NOTHING RETURNING ${columns}`);
  if (inserted) return toDelivery(inserted);
  return toDelivery(
    await db.one(sql.type(deliveryRow)`
      SELECT ${columns} FROM subscriber_deliveries
      WHERE event_id = ${input.eventId} AND subscriber_id = ${input.subscriberId}`),
  );
}

/** A subscriber delivery by id (workers). */
export async function findSubscriberDelivery(
  db: Queryable,
  id: string,
): Promise<SubscriberDeliveryRecord | null> {
  const row = await db.maybeOne(sql.type(deliveryRow)`
    SELECT ${columns} FROM subscriber_deliveries WHERE id = ${id}`);
  return row ? toDelivery(row) : null;
}

/** Records one try: counts it, keeps its error, and moves a pending delivery to `status`. */
export async function recordSubscriberAttempt(
  db: Queryable,
  id: string,
  outcome: { status: SubscriberDeliveryStatus; error: string | null },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE subscriber_deliveries SET attempts = attempts + 1, last_error = ${outcome.error},
      status = ${outcome.status}, updated_at = now(),
      delivered_at = ${outcome.status === 'delivered' ? sql.fragment`now()` : sql.fragment`delivered_at`}
    WHERE id = ${id} AND status = 'pending'`);
}

/** Moves a still pending delivery to `status` without a try (cancelled, or out of retries). */
export async function settleSubscriberDelivery(
  db: Queryable,
  id: string,
  status: Exclude<SubscriberDeliveryStatus, 'pending'>,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE subscriber_deliveries SET status = ${status}, updated_at = now()
    WHERE id = ${id} AND status = 'pending'`);
}
