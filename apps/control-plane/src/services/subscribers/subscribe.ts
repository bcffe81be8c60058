import { subscriberEndpoints } from '@vantage/api-contract';
import {
  claimConfirmationSend,
  type PublicStatusPageRecord,
  type Queryable,
  releaseConfirmationSend,
  type SubscriberRecord,
  updateSubscriber,
  upsertEmailSubscriber,
} from '@vantage/db';
import type { AppContext } from '../../context.ts';
import { handler } from '../../http/handler.ts';
import { confirmationEmail } from './emails.ts';
import { pageUrl, subscriptionLink } from './links.ts';
import { followedComponents, subscribablePage, vetComponentIds } from './page.ts';

/** After a confirmation email, how long repeated subscribes of the address send none. */
export const confirmationCooldownSeconds = 15 * 60;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/**
 * Applies a repeated subscribe to the address's row; whether a confirmation email should go out. A
 * confirmed subscriber keeps its components until the new choice is confirmed, so nobody can change
 * another person's subscription by typing their address.
 */
async function applyRepeat(tx: Queryable, subscriber: SubscriberRecord, requested: readonly string[]) {
  if (subscriber.unsubscribedAt) {
    await updateSubscriber(tx, subscriber.id, {
      componentIds: requested,
      pendingComponentIds: null,
      confirmedAt: null,
      unsubscribedAt: null,
    });
    // Only the address's owner can unsubscribe (the link is signed): coming back sends a link at once.
    await releaseConfirmationSend(tx, subscriber.id);
    return true;
  }
  if (!subscriber.confirmedAt) {
    await updateSubscriber(tx, subscriber.id, { componentIds: requested });
    return true;
  }
  if (sameSet(subscriber.componentIds, requested)) {
    if (subscriber.pendingComponentIds)
      await updateSubscriber(tx, subscriber.id, { pendingComponentIds: null });
    return false;
  }
  await updateSubscriber(tx, subscriber.id, { pendingComponentIds: requested });
  return true;
}

/** Emails the confirmation link; a mail failure is logged and gives the cooldown back, never fails the request. */
async function sendConfirmation(
  app: AppContext,
  page: PublicStatusPageRecord,
  subscriber: SubscriberRecord,
  sentAt: Date,
  componentIds: readonly string[],
): Promise<void> {
  try {
    const components = await followedComponents(app, page, componentIds);
    const link = { slug: page.slug, subscriberId: subscriber.id };
    const email = confirmationEmail(
      {
        pageTitle: page.title,
        pageUrl: pageUrl(app.config, page.slug),
        unsubscribeUrl: subscriptionLink(app.config, 'unsubscribe', link),
        componentNames: components.map((component) => component.name),
      },
      subscriptionLink(app.config, 'confirm', { ...link, issuedAt: sentAt }),
    );
    await app.mailer.send({ to: subscriber.email ?? '', ...email });
  } catch (error) {
    app.logger.warn({ err: error, subscriberId: subscriber.id }, 'subscription confirmation not sent');
    await releaseConfirmationSend(app.db, subscriber.id).catch(() => undefined);
  }
}

/**
 * `POST /public/status-pages/{slug}/subscribers`: double opt-in. The answer is the same whether or not
 * the address was known; a repeat within the cooldown sends nothing and never adds a row.
 */
export const subscribe = handler(subscriberEndpoints.subscribe, async (request) => {
  const { app, body } = request;
  const page = await subscribablePage(request);
  await vetComponentIds(app.db, page, body.componentIds);
  const claim = await app.db.transaction(async (tx) => {
    const { subscriber, created } = await upsertEmailSubscriber(tx, {
      orgId: page.orgId,
      pageId: page.id,
      email: body.email,
      componentIds: body.componentIds,
    });
    if (!created && !(await applyRepeat(tx, subscriber, body.componentIds))) return null;
    const sentAt = await claimConfirmationSend(tx, subscriber.id, confirmationCooldownSeconds);
    return sentAt ? { subscriber, sentAt } : null;
  });
  if (claim) await sendConfirmation(app, page, claim.subscriber, claim.sentAt, body.componentIds);
  return { accepted: true as const };
});
