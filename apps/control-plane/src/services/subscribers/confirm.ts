import { subscriberEndpoints } from '@vantage/api-contract';
import {
  findStatusPage,
  findSubscriber,
  type SubscriberChanges,
  type SubscriberRecord,
  updateSubscriber,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import type { AppContext } from '../../context.ts';
import { handler } from '../../http/handler.ts';
import { toSubscriptionDto } from './dto.ts';
import { followedComponents } from './page.ts';
import { type SubscriptionTokenPurpose, verifySubscriptionToken } from './tokens.ts';

const invalidLink = () =>
  new ServiceError('validation', 'This link is invalid or has expired', [
    { path: 'body.token', message: 'Invalid or expired link' },
  ]);

/** The subscriber a signed link names, and when the link was issued; 400 on body.token otherwise. */
async function subscriberOfLink(app: AppContext, purpose: SubscriptionTokenPurpose, token: string) {
  const verified = verifySubscriptionToken(app.config.appKey, purpose, token, new Date());
  const subscriber = verified ? await findSubscriber(app.db, verified.subscriberId) : null;
  if (!verified || !subscriber) throw invalidLink();
  return { subscriber, issuedAt: verified.issuedAt };
}

/** The subscription as its subscriber sees it. */
async function subscriptionOf(app: AppContext, subscriber: SubscriberRecord | null) {
  if (!subscriber) throw invalidLink();
  const page = await findStatusPage(app.db, subscriber.orgId, subscriber.pageId);
  if (!page) throw invalidLink();
  return toSubscriptionDto(subscriber, page, await followedComponents(app, page, subscriber.componentIds));
}

/**
 * `POST /public/subscriptions/confirm`: starts sending to the address (idempotent). The newest link also
 * applies a pending change of components; a link of a cancelled subscription does nothing.
 */
export const confirmSubscription = handler(subscriberEndpoints.confirm, async ({ app, body }) => {
  const { subscriber, issuedAt } = await subscriberOfLink(app, 'confirm', body.token);
  if (subscriber.kind !== 'email' || subscriber.unsubscribedAt) throw invalidLink();
  const changes: SubscriberChanges = {};
  if (!subscriber.confirmedAt) changes.confirmedAt = 'now';
  // Tokens carry whole seconds: a link at least as new as the last email is that email's link.
  const sentAtSeconds = Math.floor((subscriber.confirmationSentAt?.getTime() ?? 0) / 1000);
  if (subscriber.pendingComponentIds && issuedAt.getTime() / 1000 >= sentAtSeconds) {
    changes.componentIds = subscriber.pendingComponentIds;
    changes.pendingComponentIds = null;
  }
  const confirmed =
    Object.keys(changes).length > 0 ? await updateSubscriber(app.db, subscriber.id, changes) : subscriber;
  return subscriptionOf(app, confirmed);
});

/** `POST /public/subscriptions/unsubscribe`: stops every delivery to the subscriber (idempotent). */
export const unsubscribe = handler(subscriberEndpoints.unsubscribe, async ({ app, body }) => {
  const { subscriber } = await subscriberOfLink(app, 'unsubscribe', body.token);
  const stopped = subscriber.unsubscribedAt
    ? subscriber
    : await updateSubscriber(app.db, subscriber.id, { unsubscribedAt: 'now', pendingComponentIds: null });
  return subscriptionOf(app, stopped);
});
