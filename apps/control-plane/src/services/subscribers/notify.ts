import { findIncident, insertSubscriberDelivery, listIncidentAudience } from '@vantage/db';
import { type AlertEvent, alertEventSchema } from '@vantage/queue';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DeliveryJob, DeliveryPolicy } from '../../notifications/queues.ts';

/** Name of subscriber jobs on the `deliveries` queue (channel deliveries use another name). */
export const subscriberJobName = 'subscriber';

/** What one subscriber delivery sends, fixed when the event is fanned out. */
export const subscriberNoticeSchema = z.object({
  event: alertEventSchema,
  incident: z.object({ id: z.uuid(), status: z.string(), impact: z.string() }),
  /** Components of the subscriber's page that the incident touches and the subscriber follows. */
  componentIds: z.array(z.uuid()),
});

/** One subscriber delivery's content. */
export type SubscriberNotice = z.infer<typeof subscriberNoticeSchema>;

const incidentKinds: ReadonlySet<AlertEvent['kind']> = new Set([
  'incident.created',
  'incident.updated',
  'incident.resolved',
]);

/** Queues one subscriber delivery; the job id is the delivery's, so a job still in Redis is never added twice. */
export async function enqueueSubscriberDelivery(
  queue: Queue<DeliveryJob>,
  deliveryId: string,
  policy: DeliveryPolicy,
): Promise<void> {
  await queue.add(
    subscriberJobName,
    { deliveryId },
    {
      jobId: `subscriber-delivery-${deliveryId}`,
      attempts: policy.attempts,
      backoff: { type: 'exponential', delay: policy.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  );
}

/**
 * Fans an incident event out to the confirmed subscribers of every status page showing one of the
 * incident's monitors (DESIGN.md §7). The (event, subscriber) row is the idempotency key, so a replayed
 * event adds nothing; a pending row is queued again in case an earlier run stopped before queueing it.
 */
export async function fanOutToSubscribers(
  app: Pick<AppContext, 'db'>,
  deliveries: Queue<DeliveryJob>,
  policy: DeliveryPolicy,
  event: AlertEvent,
): Promise<number> {
  if (!incidentKinds.has(event.kind) || !event.incidentId) return 0;
  const incident = await findIncident(app.db, event.orgId, event.incidentId);
  if (!incident) return 0;
  let queued = 0;
  for (const { subscriber, componentIds } of await listIncidentAudience(app.db, {
    orgId: event.orgId,
    monitorIds: incident.monitorIds,
  })) {
    const notice: SubscriberNotice = {
      event,
      incident: { id: incident.id, status: incident.status, impact: incident.impact },
      componentIds,
    };
    const delivery = await insertSubscriberDelivery(app.db, {
      orgId: event.orgId,
      subscriberId: subscriber.id,
      eventId: event.eventId,
      notice,
    });
    if (delivery.status !== 'pending') continue;
    await enqueueSubscriberDelivery(deliveries, delivery.id, policy);
    queued += 1;
  }
  return queued;
}
