import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** Billing state of a subscription as the dashboard shows it. */
export type BillingStatus = 'active' | 'past_due' | 'canceled';

/** How often a subscription is charged. */
export type BillingInterval = 'month' | 'year';

/** What Stripe told us about an organization's customer and subscription. */
export interface BillingAccountRecord {
  orgId: string;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  status: BillingStatus | null;
  interval: BillingInterval | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** `created` of the last Stripe event applied to the subscription state. */
  lastEventAt: Date | null;
}

const accountRow = z.object({
  org_id: z.string(),
  stripe_customer_id: z.string().nullable(),
  stripe_subscription_id: z.string().nullable(),
  status: z.enum(['active', 'past_due', 'canceled']).nullable(),
  billing_interval: z.enum(['month', 'year']).nullable(),
  current_period_end: z.number().nullable(),
  cancel_at_period_end: z.boolean(),
  last_event_at: z.number().nullable(),
});

const columns = sql.fragment`org_id, stripe_customer_id, stripe_subscription_id, status, billing_interval,
  current_period_end, cancel_at_period_end, last_event_at`;

/** Row → record: the one converter for billing accounts. */
function toBillingAccount(row: z.infer<typeof accountRow>): BillingAccountRecord {
  const date = (value: number | null) => (value === null ? null : new Date(value));
  return {
    orgId: row.org_id,
    stripeCustomerId: row.stripe_customer_id,
    stripeSubscriptionId: row.stripe_subscription_id,
    status: row.status,
    interval: row.billing_interval,
    currentPeriodEnd: date(row.current_period_end),
    cancelAtPeriodEnd: row.cancel_at_period_end,
    lastEventAt: date(row.last_event_at),
  };
}

/** The organization's billing account, or null when it never started a checkout. */
export async function findBillingAccount(db: Queryable, orgId: string): Promise<BillingAccountRecord | null> {
  const row = await db.maybeOne(sql.type(accountRow)`
    SELECT ${columns} FROM billing_accounts WHERE org_id = ${orgId}`);
  return row ? toBillingAccount(row) : null;
}

/** The billing account holding this subscription, else this customer; null when neither is known. */
export async function findBillingAccountByStripeIds(
  db: Queryable,
  ids: { subscriptionId: string | null; customerId: string | null },
): Promise<BillingAccountRecord | null> {
  const row = await db.maybeOne(sql.type(accountRow)`
    SELECT ${columns} FROM billing_accounts
    WHERE stripe_subscription_id = ${ids.subscriptionId} OR stripe_customer_id = ${ids.customerId}
    ORDER BY (stripe_subscription_id = ${ids.subscriptionId}) IS TRUE DESC LIMIT 1`);
  return row ? toBillingAccount(row) : null;
}

/**
 * The organization's billing account, created empty when missing, locked for the transaction so webhook
 * events of one organization apply one after the other. Null when the organization does not exist.
 */
export async function lockBillingAccount(db: Queryable, orgId: string): Promise<BillingAccountRecord | null> {
  await db.query(sql.unsafe`
    INSERT INTO billing_accounts (org_id) SELECT id FROM organizations WHERE id = ${orgId}
    ON CONFLICT (org_id) DO NOTHING`);
  const row = await db.maybeOne(sql.type(accountRow)`
    SELECT ${columns} FROM billing_accounts WHERE org_id = ${orgId} FOR UPDATE`);
  return row ? toBillingAccount(row) : null;
}

/**
 * Remembers the organization's Stripe customer unless it has one already; returns the customer it keeps
 * (so two checkouts racing to create a customer end up using the same one).
 */
export async function setBillingCustomer(db: Queryable, orgId: string, customerId: string): Promise<string> {
  await db.query(sql.unsafe`
    INSERT INTO billing_accounts (org_id, stripe_customer_id) VALUES (${orgId}, ${customerId})
    ON CONFLICT (org_id) DO UPDATE
      SET stripe_customer_id = COALESCE(billing_accounts.stripe_customer_id, excluded.stripe_customer_id),
        updated_at = now()`);
  return db.oneFirst(sql.type(z.object({ id: z.string() }))`
    SELECT stripe_customer_id AS id FROM billing_accounts WHERE org_id = ${orgId}`);
}

/** Subscription state to store for an organization (all fields replace the stored ones). */
export interface BillingSubscriptionState {
  customerId: string | null;
  subscriptionId: string | null;
  status: BillingStatus | null;
  interval: BillingInterval | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  lastEventAt: Date | null;
}

/** Stores the subscription state of a locked billing account (a null customer keeps the stored one). */
export async function updateBillingAccount(
  db: Queryable,
  orgId: string,
  state: BillingSubscriptionState,
): Promise<void> {
  const timestamp = (value: Date | null) => (value ? value.toISOString() : null);
  await db.query(sql.unsafe`
    UPDATE billing_accounts SET
      stripe_customer_id = COALESCE(${state.customerId}, stripe_customer_id),
      stripe_subscription_id = ${state.subscriptionId}, status = ${state.status},
      billing_interval = ${state.interval},
      current_period_end = ${timestamp(state.currentPeriodEnd)}::timestamptz,
      cancel_at_period_end = ${state.cancelAtPeriodEnd},
      last_event_at = ${timestamp(state.lastEventAt)}::timestamptz, updated_at = now()
    WHERE org_id = ${orgId}`);
}

/** What became of a Stripe event. */
export type StripeEventOutcome = 'applied' | 'stale' | 'ignored' | 'unknown_org' | 'unknown_price';

/**
 * Claims a Stripe event by id inside the transaction that applies it: false when it was received before
 * (a replay), which must then change nothing. A concurrent delivery of the same event waits here.
 */
export async function claimStripeEvent(
  db: Queryable,
  event: { id: string; type: string; createdAt: Date },
): Promise<boolean> {
  const claimed = await db.maybeOne(sql.unsafe`
    INSERT INTO stripe_events (id, type, stripe_created_at)
    VALUES (${event.id}, ${event.type}, ${event.createdAt.toISOString()}::timestamptz)
    ON CONFLICT (id) DO NOTHING RETURNING id`);
  return claimed !== null;
}

/** Records what became of a claimed event and which organization it concerned. */
export async function settleStripeEvent(
  db: Queryable,
  eventId: string,
  result: { outcome: StripeEventOutcome; orgId: string | null },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE stripe_events SET outcome = ${result.outcome}, org_id = ${result.orgId} WHERE id = ${eventId}`);
}

/** A Stripe event no organization or plan was found for, kept for operators. */
export interface UnmatchedStripeEventRecord {
  eventId: string;
  type: string;
  reason: 'unknown_org' | 'unknown_price';
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  detail: string;
  payload: unknown;
  receivedAt: Date;
}

const unmatchedRow = z.object({
  event_id: z.string(),
  type: z.string(),
  reason: z.enum(['unknown_org', 'unknown_price']),
  stripe_customer_id: z.string().nullable(),
  stripe_subscription_id: z.string().nullable(),
  detail: z.string(),
  payload: z.unknown(),
  received_at: z.number(),
});

/** Keeps a claimed event no organization or plan was found for. */
export async function insertUnmatchedStripeEvent(
  db: Queryable,
  input: Omit<UnmatchedStripeEventRecord, 'receivedAt'>,
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO stripe_unmatched_events
      (event_id, type, reason, stripe_customer_id, stripe_subscription_id, detail, payload)
    VALUES (${input.eventId}, ${input.type}, ${input.reason}, ${input.stripeCustomerId},
      ${input.stripeSubscriptionId}, ${input.detail}, ${sql.jsonb(input.payload as never)})
    ON CONFLICT (event_id) DO NOTHING`);
}

/** The most recent unmatched events, newest first. */
export async function listUnmatchedStripeEvents(
  db: Queryable,
  limit: number,
): Promise<UnmatchedStripeEventRecord[]> {
  const rows = await db.any(sql.type(unmatchedRow)`
    SELECT event_id, type, reason, stripe_customer_id, stripe_subscription_id, detail, payload, received_at
    FROM stripe_unmatched_events ORDER BY received_at DESC, event_id LIMIT ${limit}`);
  return rows.map((row) => ({
    eventId: row.event_id,
    type: row.type,
    reason: row.reason,
    stripeCustomerId: row.stripe_customer_id,
    stripeSubscriptionId: row.stripe_subscription_id,
    detail: row.detail,
    payload: row.payload,
    receivedAt: new Date(row.received_at),
  }));
}

/** How much of its plan an organization uses. */
export interface PlanUsage {
  /** Active (not paused) monitors: what the monitor limit counts. */
  activeMonitors: number;
  /** Monitors paused because they did not fit the plan (they carry a pausedReason). */
  monitorsPausedByPlan: number;
  statusPages: number;
  /** Members plus pending invitations: what the member limit counts. */
  members: number;
}

/** Counts what the plan limits of an organization apply to. */
export async function findPlanUsage(db: Queryable, orgId: string): Promise<PlanUsage> {
  const row = await db.one(sql.type(
    z.object({ active: z.number(), paused: z.number(), pages: z.number(), members: z.number() }),
  )`
    SELECT
      (SELECT count(*)::int FROM monitors WHERE org_id = ${orgId} AND NOT paused) AS active,
      (SELECT count(*)::int FROM monitors
        WHERE org_id = ${orgId} AND paused AND paused_reason IS NOT NULL) AS paused,
      (SELECT count(*)::int FROM status_pages WHERE org_id = ${orgId}) AS pages,
      (SELECT count(*)::int FROM memberships WHERE org_id = ${orgId})
        + (SELECT count(*)::int FROM invitations WHERE org_id = ${orgId}
            AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()) AS members`);
  return {
    activeMonitors: row.active,
    monitorsPausedByPlan: row.paused,
    statusPages: row.pages,
    members: row.members,
  };
}
