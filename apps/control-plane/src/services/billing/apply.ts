import {
  type BillingAccountRecord,
  type BillingStatus,
  claimStripeEvent,
  findBillingAccountByStripeIds,
  insertUnmatchedStripeEvent,
  lockBillingAccount,
  lockOrganizationForMonitors,
  type Queryable,
  type StripeEventOutcome,
  settleStripeEvent,
  updateBillingAccount,
} from '@vantage/db';
import type { PlanId } from '@vantage/domain';
import type { BillingConfig } from '../../config.ts';
import type { AppContext } from '../../context.ts';
import { type MonitorChange, publishMonitorChanges } from '../monitors/index.ts';
import { type BillingFact, factOf, type StripeEventInput } from './events.ts';
import { changePlanForBilling } from './plan-change.ts';
import { planOfPrice } from './prices.ts';

type SubscriptionFact = Extract<BillingFact, { kind: 'subscription' }>;
type InvoiceFact = Extract<BillingFact, { kind: 'invoice' }>;

/** What applying one event did; `detail` explains an unmatched event to an operator. */
interface Applied {
  outcome: StripeEventOutcome;
  orgId: string | null;
  detail?: string;
  changes: MonitorChange[];
}

/** The organization an event is about, its current plan and billing account, all locked. */
interface Target {
  orgId: string;
  plan: PlanId;
  account: BillingAccountRecord;
  /** When Stripe created the event. */
  at: Date;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies a verified Stripe event exactly once (by event id) in one transaction; false when the event
 * was received before. Monitor changes of a plan change are published after the commit.
 */
export async function applyStripeEvent(
  app: AppContext,
  billing: BillingConfig,
  event: StripeEventInput,
): Promise<boolean> {
  const fact = factOf(event);
  const at = new Date(event.created * 1000);
  const applied = await app.db.transaction(async (tx) => {
    if (!(await claimStripeEvent(tx, { id: event.id, type: event.type, createdAt: at }))) return null;
    const result: Applied = fact
      ? await applyFact(tx, app, billing, fact, event.id, at)
      : { outcome: 'ignored', orgId: null, changes: [] };
    await settleStripeEvent(tx, event.id, result);
    if (result.outcome === 'unknown_org' || result.outcome === 'unknown_price') {
      await insertUnmatchedStripeEvent(tx, {
        eventId: event.id,
        type: event.type,
        reason: result.outcome,
        stripeCustomerId: fact?.customerId ?? null,
        stripeSubscriptionId: fact && fact.kind !== 'checkout' ? fact.subscriptionId : null,
        detail: result.detail ?? '',
        payload: event,
      });
    }
    return result;
  });
  const log = { eventId: event.id, type: event.type };
  if (!applied) {
    app.logger.info(log, 'Stripe event received before; nothing changes');
    return false;
  }
  if (applied.outcome === 'unknown_org' || applied.outcome === 'unknown_price') {
    app.logger.warn({ ...log, outcome: applied.outcome, detail: applied.detail }, 'Stripe event not matched');
  } else {
    app.logger.info({ ...log, outcome: applied.outcome, orgId: applied.orgId }, 'Stripe event handled');
  }
  await publishMonitorChanges(app, applied.changes);
  return true;
}

async function applyFact(
  tx: Queryable,
  app: AppContext,
  billing: BillingConfig,
  fact: BillingFact,
  eventId: string,
  at: Date,
): Promise<Applied> {
  const target = await lockTarget(tx, fact, at);
  if (!target) {
    const ids = `client_reference_id/metadata.orgId=${fact.orgHint ?? '-'}, customer=${fact.customerId ?? '-'}`;
    return { outcome: 'unknown_org', orgId: null, detail: `no organization for ${ids}`, changes: [] };
  }
  if (fact.kind === 'checkout') {
    // Links the customer; the plan follows from the subscription's own events.
    const customerId = target.account.stripeCustomerId ?? fact.customerId;
    await updateBillingAccount(tx, target.orgId, { ...stateOf(target.account), customerId });
    return { outcome: 'applied', orgId: target.orgId, changes: [] };
  }
  if (target.account.lastEventAt && at < target.account.lastEventAt) {
    return { outcome: 'stale', orgId: target.orgId, changes: [] };
  }
  if (fact.kind === 'invoice') return applyInvoice(tx, target, fact);
  return applySubscription(tx, app, billing, target, fact, eventId);
}

/** Finds the event's organization by the org id we gave Stripe, else by its customer or subscription. */
async function lockTarget(tx: Queryable, fact: BillingFact, at: Date): Promise<Target | null> {
  let orgId = fact.orgHint && uuidPattern.test(fact.orgHint) ? fact.orgHint : null;
  // Organization first, then its billing account: the order every billing write takes the locks in.
  let plan = orgId ? await lockOrganizationForMonitors(tx, orgId) : null;
  if (!plan) {
    const subscriptionId = fact.kind === 'checkout' ? null : fact.subscriptionId;
    const found = await findBillingAccountByStripeIds(tx, { subscriptionId, customerId: fact.customerId });
    orgId = found?.orgId ?? null;
    plan = orgId ? await lockOrganizationForMonitors(tx, orgId) : null;
  }
  if (!orgId || !plan) return null;
  const account = await lockBillingAccount(tx, orgId);
  return account ? { orgId, plan, account, at } : null;
}

/** Stripe's subscription status as the dashboard shows it; null while the first payment is incomplete. */
function statusOf(stripeStatus: string): BillingStatus | null {
  if (stripeStatus === 'active' || stripeStatus === 'trialing') return 'active';
  if (stripeStatus === 'past_due' || stripeStatus === 'unpaid') return 'past_due';
  if (stripeStatus === 'incomplete') return null;
  // canceled, incomplete_expired, paused: nothing is being paid.
  return 'canceled';
}

async function applySubscription(
  tx: Queryable,
  app: AppContext,
  billing: BillingConfig,
  target: Target,
  fact: SubscriptionFact,
  eventId: string,
): Promise<Applied> {
  const { account, orgId } = target;
  const status = statusOf(fact.stripeStatus);
  const current = account.stripeSubscriptionId === fact.subscriptionId;
  const ignored: Applied = { outcome: 'ignored', orgId, changes: [] };
  if (status === null) return ignored;
  // Stripe never revives a canceled subscription; an ended older one does not end the live one.
  if (current && account.status === 'canceled' && status !== 'canceled') return ignored;
  if (!current && status === 'canceled' && account.stripeSubscriptionId && account.status !== 'canceled') {
    return ignored;
  }
  const priced = planOfPrice(billing, fact.priceId);
  if (!priced && status !== 'canceled') {
    const detail = `price ${fact.priceId ?? '(none)'} is none of the configured STRIPE_PRICE_* prices`;
    return { outcome: 'unknown_price', orgId, detail, changes: [] };
  }
  await updateBillingAccount(tx, orgId, {
    customerId: account.stripeCustomerId ?? fact.customerId,
    subscriptionId: fact.subscriptionId,
    status,
    interval: priced?.interval ?? account.interval,
    currentPeriodEnd: fact.currentPeriodEnd,
    cancelAtPeriodEnd: status !== 'canceled' && fact.cancelAtPeriodEnd,
    lastEventAt: target.at,
  });
  // Past due keeps the plan: Stripe retries the payment and cancels the subscription if it never succeeds.
  const plan: PlanId = status === 'canceled' ? 'free' : priced!.plan;
  const changes = await changePlanForBilling(tx, app, orgId, {
    from: target.plan,
    to: plan,
    stripeEventId: eventId,
  });
  return { outcome: 'applied', orgId, changes };
}

async function applyInvoice(tx: Queryable, target: Target, fact: InvoiceFact): Promise<Applied> {
  const { account, orgId } = target;
  // Only the live subscription's invoices move the status (and its banner).
  if (
    !fact.subscriptionId ||
    account.stripeSubscriptionId !== fact.subscriptionId ||
    account.status === 'canceled'
  ) {
    return { outcome: 'ignored', orgId, changes: [] };
  }
  await updateBillingAccount(tx, orgId, {
    ...stateOf(account),
    status: fact.paid ? 'active' : 'past_due',
    lastEventAt: target.at,
  });
  return { outcome: 'applied', orgId, changes: [] };
}

function stateOf(account: BillingAccountRecord) {
  return {
    customerId: account.stripeCustomerId,
    subscriptionId: account.stripeSubscriptionId,
    status: account.status,
    interval: account.interval,
    currentPeriodEnd: account.currentPeriodEnd,
    cancelAtPeriodEnd: account.cancelAtPeriodEnd,
    lastEventAt: account.lastEventAt,
  };
}
