import { stripeSignature, testStripe } from './fake-stripe.ts';

let counter = 0;
function unique(): string {
  counter += 1;
  return `${process.pid}_${Date.now()}_${counter}`;
}

/** A Stripe event as the webhook receives it; `created` in Unix seconds (defaults to now). */
export interface StripeEventBody {
  id: string;
  object: 'event';
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  data: { object: Record<string, unknown> };
}

/** A Stripe event of `type` about `object`. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  options: { created?: number; id?: string } = {},
): StripeEventBody {
  return {
    id: options.id ?? `evt_test_${unique()}`,
    object: 'event',
    type,
    created: options.created ?? Math.floor(Date.now() / 1000),
    api_version: '2026-10-28.endive',
    livemode: false,
    data: { object },
  };
}

/** Fresh Stripe ids for one customer and subscription. */
export function stripeIds(): { customer: string; subscription: string } {
  const id = unique();
  return { customer: `cus_test_${id}`, subscription: `sub_test_${id}` };
}

/** A completed Checkout Session in subscription mode for an organization. */
export function checkoutSession(input: { orgId: string; customer: string; subscription: string }) {
  return {
    id: `cs_test_${unique()}`,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    client_reference_id: input.orgId,
    customer: input.customer,
    subscription: input.subscription,
    metadata: { orgId: input.orgId },
  };
}

/** A subscription (current API shape: the period end is on the item). */
export function subscription(input: {
  id: string;
  customer: string;
  price: string;
  status?: string;
  orgId?: string;
  currentPeriodEnd?: number;
  cancelAtPeriodEnd?: boolean;
}) {
  const periodEnd = input.currentPeriodEnd ?? Math.floor(Date.now() / 1000) + 30 * 86_400;
  return {
    id: input.id,
    object: 'subscription',
    customer: input.customer,
    status: input.status ?? 'active',
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    metadata: input.orgId ? { orgId: input.orgId } : {},
    items: {
      object: 'list',
      data: [{ id: `si_${input.id}`, price: { id: input.price }, current_period_end: periodEnd }],
    },
  };
}

/** An invoice of a subscription (current API shape: the subscription is under `parent`). */
export function invoice(input: { customer: string; subscription: string }) {
  return {
    id: `in_test_${unique()}`,
    object: 'invoice',
    customer: input.customer,
    parent: {
      type: 'subscription_details',
      subscription_details: { subscription: input.subscription, metadata: {} },
    },
  };
}

/** POSTs a signed event to the control plane's Stripe webhook; `signature` overrides the header. */
export async function deliverStripeEvent(
  controlPlaneUrl: string,
  event: StripeEventBody | string,
  options: { signature?: string | null; secret?: string } = {},
): Promise<{ status: number; body: any }> {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const signature =
    options.signature === undefined
      ? stripeSignature(payload, options.secret ?? testStripe.webhookSecret)
      : options.signature;
  const response = await fetch(`${controlPlaneUrl}/api/v1/billing/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
