import type { BoundHandler } from '../../http/handler.ts';
import { confirmSubscription, unsubscribe } from './confirm.ts';
import { deleteSubscriberHandler, listSubscribersHandler } from './org.ts';
import { subscribe } from './subscribe.ts';
import { subscribeWebhook } from './subscribe-webhook.ts';

export { deliverToSubscriber, markSubscriberDeliveryFailed } from './deliver.ts';
export { fanOutToSubscribers, subscriberJobName } from './notify.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  listSubscribersHandler,
  deleteSubscriberHandler,
  subscribe,
  subscribeWebhook,
  confirmSubscription,
  unsubscribe,
];
