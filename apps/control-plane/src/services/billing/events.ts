import { ServiceError } from '@vantage/domain';
import { z } from 'zod';

/** A verified Stripe event as the webhook hands it on. */
export interface StripeEventInput {
  id: string;
  type: string;
  /** Unix seconds: when Stripe created the event (orders events of one subscription). */
  created: number;
  data: { object: unknown };
}

/** What an event tells about an organization's billing, whatever the webhook's API version. */
export type BillingFact =
  | { kind: 'checkout'; orgHint: string | null; customerId: string | null }
  | {
      kind: 'subscription';
      orgHint: string | null;
      customerId: string | null;
      subscriptionId: string;
      /** Stripe's status (active, trialing, past_due, unpaid, canceled, incomplete, …). */
      stripeStatus: string;
      priceId: string | null;
      currentPeriodEnd: Date | null;
      /** A cancellation is scheduled (at the period end or a set time); access lasts until then. */
      cancelAtPeriodEnd: boolean;
    }
  | {
      kind: 'invoice';
      paid: boolean;
      orgHint: string | null;
      customerId: string | null;
      subscriptionId: string | null;
    };

// Expandable references arrive as an id or as the object.
const reference = z.union([z.string(), z.object({ id: z.string() })]).nullish();
const metadata = z.record(z.string(), z.string()).nullish();

const checkoutSession = z.object({
  mode: z.string().nullish(),
  client_reference_id: z.string().nullish(),
  customer: reference,
  metadata,
});

const subscription = z.object({
  id: z.string(),
  customer: reference,
  status: z.string(),
  metadata,
  cancel_at_period_end: z.boolean().nullish(),
  // Newer API versions schedule a portal cancellation with `cancel_at` instead.
  cancel_at: z.number().nullish(),
  // Before API version 2025-03-31 the period end was on the subscription, now it is on each item.
  current_period_end: z.number().nullish(),
  items: z.object({
    data: z.array(
      z.object({ price: z.object({ id: z.string() }), current_period_end: z.number().nullish() }),
    ),
  }),
});

const invoice = z.object({
  customer: reference,
  // Before API version 2025-03-31 an invoice named its subscription here, now under `parent`.
  subscription: reference,
  parent: z
    .object({ subscription_details: z.object({ subscription: reference, metadata }).nullish() })
    .nullish(),
});

function idOf(value: z.infer<typeof reference>): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function parse<T extends z.ZodType>(schema: T, event: StripeEventInput): z.output<T> {
  const parsed = schema.safeParse(event.data.object);
  if (parsed.success) return parsed.data;
  // Signed by Stripe but not what we expect: refuse it (Stripe retries) rather than guess.
  throw new ServiceError('bad_request', `Unexpected shape of a ${event.type} event`, {
    issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  });
}

/** The billing fact an event carries; null for event types (and checkout modes) billing does not act on. */
export function factOf(event: StripeEventInput): BillingFact | null {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = parse(checkoutSession, event);
      if (session.mode !== 'subscription') return null;
      const orgHint = session.client_reference_id ?? session.metadata?.orgId ?? null;
      return { kind: 'checkout', orgHint, customerId: idOf(session.customer) };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = parse(subscription, event);
      const item = sub.items.data[0];
      const periodEnd = item?.current_period_end ?? sub.current_period_end ?? null;
      return {
        kind: 'subscription',
        orgHint: sub.metadata?.orgId ?? null,
        customerId: idOf(sub.customer),
        subscriptionId: sub.id,
        // A deleted subscription is canceled whatever else the payload says.
        stripeStatus: event.type === 'customer.subscription.deleted' ? 'canceled' : sub.status,
        priceId: item?.price.id ?? null,
        currentPeriodEnd: periodEnd === null ? null : new Date(periodEnd * 1000),
        cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end) || Boolean(sub.cancel_at),
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const bill = parse(invoice, event);
      const details = bill.parent?.subscription_details;
      return {
        kind: 'invoice',
        paid: event.type === 'invoice.paid',
        orgHint: details?.metadata?.orgId ?? null,
        customerId: idOf(bill.customer),
        subscriptionId: idOf(details?.subscription) ?? idOf(bill.subscription),
      };
    }
    default:
      return null;
  }
}
