import type { subscriberEndpoints } from '@vantage/api-contract';
import type { SubscriberRecord, SubscriberStatus } from '@vantage/db';
import type { z } from 'zod';

type SubscriberDto = z.input<typeof subscriberEndpoints.subscriberSchema>;
type SubscriptionDto = z.input<typeof subscriberEndpoints.subscriptionSchema>;

/** Where a subscriber stands, from its timestamps. */
export function subscriberStatusOf(subscriber: SubscriberRecord): SubscriberStatus {
  if (subscriber.unsubscribedAt) return 'unsubscribed';
  return subscriber.confirmedAt ? 'confirmed' : 'pending';
}

/** Subscriber record → the organization's view (never the webhook secret). */
export function toSubscriberDto(subscriber: SubscriberRecord): SubscriberDto {
  return {
    id: subscriber.id,
    kind: subscriber.kind,
    email: subscriber.email,
    url: subscriber.url,
    componentIds: subscriber.componentIds,
    status: subscriberStatusOf(subscriber),
    confirmedAt: subscriber.confirmedAt?.toISOString() ?? null,
    unsubscribedAt: subscriber.unsubscribedAt?.toISOString() ?? null,
    createdAt: subscriber.createdAt.toISOString(),
  };
}

/** Subscriber record → what its subscriber sees after following a link. */
export function toSubscriptionDto(
  subscriber: SubscriberRecord,
  page: { slug: string; title: string },
  components: { id: string; name: string }[],
): SubscriptionDto {
  return {
    page: { slug: page.slug, title: page.title },
    kind: subscriber.kind,
    email: subscriber.email,
    components,
    status: subscriberStatusOf(subscriber),
  };
}
