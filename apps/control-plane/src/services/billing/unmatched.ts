import { billingEndpoints } from '@vantage/api-contract';
import { listUnmatchedStripeEvents } from '@vantage/db';
import { handler } from '../../http/handler.ts';
import { billingOr404 } from './stripe.ts';

/** Stripe events no organization or price matched, newest first, for operators to reconcile by hand. */
export const listUnmatchedEvents = handler(billingEndpoints.listUnmatchedEvents, async ({ app, query }) => {
  billingOr404(app);
  const events = await listUnmatchedStripeEvents(app.db, query.limit);
  return {
    items: events.map(({ payload: _payload, receivedAt, ...event }) => ({
      ...event,
      receivedAt: receivedAt.toISOString(),
    })),
  };
});
