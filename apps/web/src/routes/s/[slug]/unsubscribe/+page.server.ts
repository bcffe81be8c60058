import { linkActions, linkLoad, subscriberEndpoints } from '#lib/server/status-page/subscription.ts';

export const load = linkLoad;
export const actions = linkActions(subscriberEndpoints.unsubscribe);
