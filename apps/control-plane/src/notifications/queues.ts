import { createHash } from 'node:crypto';
import type { DeliveryRecord } from '@vantage/db';
import { type AlertEvent, bullPrefix, queueNames, type Redis } from '@vantage/queue';
import { Queue } from 'bullmq';

/** How hard a delivery tries: `attempts` sends, waiting `backoffMs` × 2^(n−1) before the n-th retry. */
export interface DeliveryPolicy {
  attempts: number;
  backoffMs: number;
}

/** 10 sends over about 2.8 hours (20 s, 40 s, … 85 min between them). */
export const defaultDeliveryPolicy: DeliveryPolicy = { attempts: 10, backoffMs: 20_000 };

/** Payload of a `deliveries` job: the row holds everything else. */
export interface DeliveryJob {
  deliveryId: string;
}

/** The `deliveries` queue on a connection the caller owns (closing the queue leaves it open). */
export function openDeliveryQueue(connection: Redis, redisKeyPrefix: string): Queue<DeliveryJob> {
  return new Queue<DeliveryJob>(queueNames.deliveries, { connection, prefix: bullPrefix(redisKeyPrefix) });
}

/**
 * Queues a delivery for sending. The job id is the delivery's (unique per event and channel, plus the
 * manual retry round), so a job still in Redis is never added twice.
 */
export async function enqueueDelivery(
  queue: Queue<DeliveryJob>,
  delivery: DeliveryRecord,
  policy: DeliveryPolicy,
): Promise<void> {
  const round = delivery.manualRetries > 0 ? `-retry-${delivery.manualRetries}` : '';
  await queue.add(
    'deliver',
    { deliveryId: delivery.id },
    {
      jobId: `delivery-${delivery.id}${round}`,
      attempts: policy.attempts,
      backoff: { type: 'exponential', delay: policy.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  );
}

/** Queues a delivery from a request handler, on the app's Redis connection. */
export async function enqueueDeliveryNow(
  app: { redis: Redis; config: { redisKeyPrefix: string } },
  delivery: DeliveryRecord,
): Promise<void> {
  const queue = openDeliveryQueue(app.redis, app.config.redisKeyPrefix);
  try {
    await enqueueDelivery(queue, delivery, defaultDeliveryPolicy);
  } finally {
    await queue.close();
  }
}

/** The `alert-events` queue on a connection the caller owns. */
export function openAlertEventQueue(connection: Redis, redisKeyPrefix: string): Queue<AlertEvent> {
  return new Queue<AlertEvent>(queueNames.alertEvents, { connection, prefix: bullPrefix(redisKeyPrefix) });
}

/**
 * Publishes an alert event for fan-out. The job id derives from the event id (BullMQ ids may not hold
 * `:`), so publishing the same event again while its job is kept is a no-op; fan-out is retried for a
 * while, so a brief database outage loses nothing.
 */
export async function publishAlertEvent(queue: Queue<AlertEvent>, event: AlertEvent): Promise<void> {
  const jobId = `event-${createHash('sha256').update(event.eventId).digest('hex').slice(0, 40)}`;
  await queue.add('alert', event, {
    jobId,
    attempts: 20,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}
