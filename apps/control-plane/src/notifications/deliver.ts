import { findAlertChannel, findDelivery, insertDeliveryAttempt, setDeliveryStatus } from '@vantage/db';
import { alertEventSchema } from '@vantage/queue';
import type { Job } from 'bullmq';
import type { AppContext } from '../context.ts';
import { channelSettings } from './channel-config.ts';
import type { DeliveryJob } from './queues.ts';
import { appKeyOf } from './secrets.ts';
import { sendToChannel } from './send.ts';

/**
 * Handles one `deliveries` job: sends once, records the attempt, and marks the row delivered, or failed
 * when this was the last attempt (then throws so BullMQ schedules the next retry or gives up).
 */
export async function deliverOnce(app: AppContext, job: Job<DeliveryJob>): Promise<string> {
  const delivery = await findDelivery(app.db, job.data.deliveryId);
  // Already sent (a replay), or gone with its channel: nothing to do.
  if (!delivery || delivery.status === 'delivered') return 'skipped';
  const channel = await findAlertChannel(app.db, delivery.orgId, delivery.channelId);
  if (!channel) return 'skipped';
  const event = alertEventSchema.parse(delivery.event);
  const startedMs = performance.now();
  const outcome = await sendToChannel(
    app,
    channelSettings(appKeyOf(app.config), channel),
    event,
    delivery.id,
  );
  await insertDeliveryAttempt(app.db, delivery.id, {
    statusCode: outcome.statusCode,
    error: outcome.error,
    durationMs: performance.now() - startedMs,
  });
  if (outcome.ok) {
    await setDeliveryStatus(app.db, delivery.id, 'delivered');
    return 'delivered';
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (lastAttempt) await setDeliveryStatus(app.db, delivery.id, 'failed', { fromStatus: 'pending' });
  throw new Error(outcome.error ?? 'delivery failed');
}
