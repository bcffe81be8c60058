import { insertDelivery } from '@vantage/db';
import { alertEventSchema } from '@vantage/queue';
import { type Queue, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../context.ts';
import { fanOutToSubscribers } from '../services/subscribers/notify.ts';
import { type DeliveryJob, type DeliveryPolicy, enqueueDelivery } from './queues.ts';
import { targetChannels } from './targets.ts';

/**
 * Handles one `alert-events` job: one delivery per target channel. The (event, channel) row is the
 * idempotency key, so a replayed event adds nothing; a pending row is queued again in case the first run
 * stopped between the insert and the queueing (the job id makes that a no-op otherwise).
 */
export async function fanOutAlertEvent(
  app: AppContext,
  deliveries: Queue<DeliveryJob>,
  policy: DeliveryPolicy,
  payload: unknown,
): Promise<number> {
  const parsed = alertEventSchema.safeParse(payload);
  if (!parsed.success) throw new UnrecoverableError(`invalid alert event: ${parsed.error.message}`);
  const event = parsed.data;
  // Test events name their channel and are queued directly by the test endpoint.
  if (event.kind === 'test') return 0;
  let queued = 0;
  for (const channel of await targetChannels(app.db, event)) {
    const { delivery } = await insertDelivery(app.db, {
      orgId: event.orgId,
      channelId: channel.id,
      eventId: event.eventId,
      eventKind: event.kind,
      monitorId: event.monitorId,
      event,
    });
    if (delivery.status !== 'pending') continue;
    await enqueueDelivery(deliveries, delivery, policy);
    queued += 1;
  }
  // Incident events also reach the status-page subscribers of the incident's monitors.
  queued += await fanOutToSubscribers(app, deliveries, policy, event);
  return queued;
}
