import { planIds } from '@vantage/domain';
import { z } from 'zod';
import { orgParams, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** Plans that can be bought through Stripe Checkout. */
export const purchasablePlans = ['pro', 'business'] as const;

/** How often a subscription is charged. */
export const billingIntervals = ['month', 'year'] as const;

/** Subscription state: `past_due` keeps the plan (a payment failed; Stripe retries) until Stripe cancels. */
export const billingStatuses = ['active', 'past_due', 'canceled'] as const;

/** Use of one limited thing against the plan's limit (`limit` null: unlimited). */
export const usageSchema = z.object({ used: z.number().int(), limit: z.number().int().nullable() });

/** The organization's plan, subscription and usage: what the "Plan & usage" page shows. */
export const billingSchema = z.object({
  /** False on installs without Stripe (self-hosted): no checkout, portal or banners, usage still shown. */
  billingEnabled: z.boolean(),
  plan: z.enum(planIds),
  /** Null when the organization never subscribed. */
  status: z.enum(billingStatuses).nullable(),
  interval: z.enum(billingIntervals).nullable(),
  /** End of the paid period (renewal, or the end of access when `cancelAtPeriodEnd`). */
  currentPeriodEnd: timestamp.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  /** Show the "payment failed: update your card" banner (status past_due). */
  paymentFailed: z.boolean(),
  /** Whether "manage billing" (the Stripe customer portal) is available: the org has a Stripe customer. */
  portalAvailable: z.boolean(),
  /** Plans checkout can start for (empty while a subscription is live: change plans in the portal). */
  checkoutPlans: z.array(z.enum(purchasablePlans)),
  usage: z.object({
    /** Active (not paused) monitors. */
    monitors: usageSchema,
    /** Monitors paused because they did not fit the plan; an upgrade resumes them. */
    monitorsPausedByPlan: z.number().int(),
    statusPages: usageSchema,
    /** Members plus pending invitations. */
    members: usageSchema,
  }),
});

/** `GET /orgs/{org}/billing`. */
export const get = endpoint({
  id: 'billing.get',
  method: 'GET',
  path: '/orgs/{org}/billing',
  summary: 'Plan, subscription status, period end and usage against the plan limits',
  tag: 'billing',
  access: { kind: 'org', action: 'billing:read' },
  params: orgParams,
  response: billingSchema,
  status: 200,
});

/** A URL to send the browser to (Stripe Checkout or the customer portal). */
export const redirectSchema = z.object({ url: z.url() });

/** `POST /orgs/{org}/billing/checkout`. */
export const checkout = endpoint({
  id: 'billing.checkout',
  method: 'POST',
  path: '/orgs/{org}/billing/checkout',
  summary:
    'Start a Stripe Checkout subscription for a plan; answers the URL to send the browser to (404 without billing)',
  tag: 'billing',
  access: { kind: 'org', action: 'billing:manage' },
  params: orgParams,
  body: z.strictObject({ plan: z.enum(purchasablePlans), interval: z.enum(billingIntervals) }),
  response: redirectSchema,
});

/** `POST /orgs/{org}/billing/portal`. */
export const portal = endpoint({
  id: 'billing.portal',
  method: 'POST',
  path: '/orgs/{org}/billing/portal',
  summary: 'Open the Stripe customer portal (change plan, card, invoices, cancel); 404 without billing',
  tag: 'billing',
  access: { kind: 'org', action: 'billing:manage' },
  params: orgParams,
  response: redirectSchema,
});

/** `POST /billing/webhook`. */
export const webhook = endpoint({
  id: 'billing.webhook',
  method: 'POST',
  path: '/billing/webhook',
  summary: 'Stripe webhook: the raw body, signed in the Stripe-Signature header (404 without billing)',
  tag: 'billing',
  access: { kind: 'public' },
  // Read raw by the handler (the signature covers the exact bytes); the parsed body is never used.
  body: z.looseObject({}),
  response: z.object({
    received: z.literal(true),
    /** False when this event id was received before (a replay changes nothing). */
    firstDelivery: z.boolean(),
  }),
  status: 200,
});

/** A Stripe event no organization or plan matched, kept for operators. */
export const unmatchedEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  reason: z.enum(['unknown_org', 'unknown_price']),
  stripeCustomerId: z.string().nullable(),
  stripeSubscriptionId: z.string().nullable(),
  detail: z.string(),
  receivedAt: timestamp,
});

/** `GET /admin/billing/unmatched-events`. */
export const listUnmatchedEvents = endpoint({
  id: 'billing.listUnmatchedEvents',
  method: 'GET',
  path: '/admin/billing/unmatched-events',
  summary: 'Stripe events for an unknown organization or price, newest first (operators)',
  tag: 'admin',
  access: { kind: 'operator' },
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  response: z.object({ items: z.array(unmatchedEventSchema) }),
});
