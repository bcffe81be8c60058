import {
  findStatusPage,
  findSubscriber,
  findSubscriberDelivery,
  listStatusPageComponents,
  recordSubscriberAttempt,
  type StatusPageRecord,
  type SubscriberRecord,
  settleSubscriberDelivery,
} from '@vantage/db';
import type { Job } from 'bullmq';
import type { AppContext } from '../../context.ts';
import type { DeliveryJob } from '../../notifications/queues.ts';
import { appKeyOf, openSecrets } from '../../notifications/secrets.ts';
import { postJson, type SendOutcome } from '../../notifications/send.ts';
import { signWebhook } from '../../notifications/signature.ts';
import { incidentEmail } from './emails.ts';
import { pageUrl, subscriptionLink } from './links.ts';
import { type SubscriberNotice, subscriberNoticeSchema } from './notify.ts';
import { namedComponents } from './page.ts';

/** What one send needs: the subscriber, its page, the notice and the delivery id. */
interface Send {
  subscriber: SubscriberRecord;
  page: StatusPageRecord;
  notice: SubscriberNotice;
  deliveryId: string;
}

/** The JSON body webhook subscribers receive (documented in docs/webhooks.md). */
export function subscriberWebhookBody(
  send: Send,
  links: { pageUrl: string; unsubscribeUrl: string },
  components: { id: string; name: string }[],
) {
  const { event, incident } = send.notice;
  return {
    deliveryId: send.deliveryId,
    eventId: event.eventId,
    type: event.kind,
    at: event.at,
    title: event.title,
    summary: event.summary,
    page: { slug: send.page.slug, title: send.page.title, url: links.pageUrl },
    incident: { id: incident.id, status: incident.status, impact: incident.impact, regions: event.regions },
    components,
    unsubscribeUrl: links.unsubscribeUrl,
  };
}

async function sendOnce(app: AppContext, send: Send): Promise<SendOutcome> {
  const { subscriber, page, notice } = send;
  const all = await listStatusPageComponents(app.db, page.orgId, page.id);
  const components = namedComponents(all, notice.componentIds);
  const links = {
    pageUrl: pageUrl(app.config, page.slug),
    unsubscribeUrl: subscriptionLink(app.config, 'unsubscribe', {
      slug: page.slug,
      subscriberId: subscriber.id,
    }),
  };
  try {
    if (subscriber.kind === 'email') {
      const context = { ...links, pageTitle: page.title, componentNames: components.map((c) => c.name) };
      await app.mailer.send({ to: subscriber.email ?? '', ...incidentEmail(context, notice.event) });
      return { ok: true, statusCode: null, error: null };
    }
    const { secret } = openSecrets(
      appKeyOf(app.config),
      subscriber.id,
      subscriber.sealedSecret ?? Buffer.alloc(0),
    );
    const body = JSON.stringify(subscriberWebhookBody(send, links, components));
    const headers = {
      'vantage-signature': signWebhook(secret ?? '', body, Math.floor(Date.now() / 1000)),
      'vantage-delivery-id': send.deliveryId,
    };
    return await postJson(app, subscriber.url ?? '', body, headers, true);
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Handles one subscriber job of the `deliveries` queue: sends once and records the try; a subscriber that
 * stopped (or was removed) in the meantime gets nothing. Throws on failure so BullMQ retries.
 */
export async function deliverToSubscriber(app: AppContext, job: Job<DeliveryJob>): Promise<string> {
  const delivery = await findSubscriberDelivery(app.db, job.data.deliveryId);
  if (delivery?.status !== 'pending') return 'skipped';
  const subscriber = await findSubscriber(app.db, delivery.subscriberId);
  const page = subscriber ? await findStatusPage(app.db, subscriber.orgId, subscriber.pageId) : null;
  if (!subscriber || !page || !subscriber.confirmedAt || subscriber.unsubscribedAt) {
    await settleSubscriberDelivery(app.db, delivery.id, 'cancelled');
    return 'cancelled';
  }
  const notice = subscriberNoticeSchema.parse(delivery.notice);
  const outcome = await sendOnce(app, { subscriber, page, notice, deliveryId: delivery.id });
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const status = outcome.ok ? 'delivered' : lastAttempt ? 'failed' : 'pending';
  await recordSubscriberAttempt(app.db, delivery.id, { status, error: outcome.error });
  if (outcome.ok) return 'delivered';
  throw new Error(outcome.error ?? 'delivery failed');
}

/** Marks a subscriber delivery failed once its job ran out of attempts without a send recording it. */
export function markSubscriberDeliveryFailed(app: AppContext, deliveryId: string): Promise<void> {
  return settleSubscriberDelivery(app.db, deliveryId, 'failed');
}
