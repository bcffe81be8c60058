import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { startFakeStripe, stripeSignature, testStripe } from '../../test-support/fake-stripe.ts';
import {
  collectMonitorChanges,
  eventually,
  httpBody,
  insertPlatformRegions,
  orgIdOf,
} from '../../test-support/monitors.ts';
import {
  checkoutSession,
  deliverStripeEvent,
  invoice,
  type StripeEventBody,
  stripeEvent,
  stripeIds,
  subscription,
} from '../../test-support/stripe-events.ts';

// Hosted with billing: organizations start on the free plan (5 active monitors).
const services = await useTestServices();
const stripe = await startFakeStripe();
afterAll(() => stripe.stop());
const operatorEmail = `billing-operator-${process.pid}@example.com`;
const controlPlane = await startTestControlPlane(services, {
  VANTAGE_EDITION: 'hosted',
  VANTAGE_OPERATORS: operatorEmail,
  ...stripe.env,
});
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
await insertPlatformRegions(services);
const monitorChanges = await collectMonitorChanges(services);
const { prices } = testStripe;
const now = Math.floor(Date.now() / 1000);

/** A new hosted organization (free plan) with its owner and Stripe ids. */
async function newOrg() {
  const owner = await registerUser(url);
  const orgId = await orgIdOf(services, owner.orgSlug);
  return { owner, orgId, ...stripeIds() };
}

type Org = Awaited<ReturnType<typeof newOrg>>;

const billingOf = async (org: Org) => (await org.owner.client.get(`/orgs/${org.owner.orgSlug}/billing`)).body;

async function deliver(event: StripeEventBody) {
  const response = await deliverStripeEvent(url, event);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { received: true; firstDelivery: boolean };
}

function subscriptionEvent(
  org: Org,
  type: 'created' | 'updated' | 'deleted',
  fields: { price?: string; status?: string; created?: number; id?: string; withOrgId?: boolean } = {},
) {
  const object = subscription({
    id: fields.id ?? org.subscription,
    customer: org.customer,
    price: fields.price ?? prices.pro.month,
    status: fields.status ?? (type === 'deleted' ? 'canceled' : 'active'),
    orgId: fields.withOrgId === false ? undefined : org.orgId,
  });
  return stripeEvent(`customer.subscription.${type}`, object, { created: fields.created });
}

/** Checkout completed then the subscription created, as Stripe sends them after a payment. */
async function subscribe(org: Org, price: string = prices.pro.month, created = now) {
  await deliver(stripeEvent('checkout.session.completed', checkoutSession(org), { created }));
  await deliver(subscriptionEvent(org, 'created', { price, created }));
}

async function createMonitors(org: Org, count: number, intervalSeconds = 300): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await org.owner.client.post(
      `/orgs/${org.owner.orgSlug}/monitors`,
      httpBody({ name: `Monitor ${index}`, intervalSeconds }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    ids.push(response.body.id);
  }
  return ids;
}

const monitorsOf = async (org: Org) =>
  (await org.owner.client.get(`/orgs/${org.owner.orgSlug}/monitors?limit=200`)).body.items as Array<{
    id: string;
    paused: boolean;
    pausedReason: string | null;
  }>;

describe('subscribing', () => {
  it('moves a free org that hit its monitor limit to pro after checkout + subscription created', async () => {
    const org = await newOrg();
    await createMonitors(org, 5);
    const blocked = await org.owner.client.post(`/orgs/${org.owner.orgSlug}/monitors`, httpBody());
    expect(blocked.status).toBe(402);
    expect(blocked.body.error.details.limitCode).toBe('limit.monitors');

    const periodEnd = now + 30 * 86_400;
    await deliver(stripeEvent('checkout.session.completed', checkoutSession(org)));
    await deliver(
      stripeEvent(
        'customer.subscription.created',
        subscription({
          id: org.subscription,
          customer: org.customer,
          price: prices.pro.year,
          orgId: org.orgId,
          currentPeriodEnd: periodEnd,
        }),
      ),
    );
    expect(await billingOf(org)).toMatchObject({
      plan: 'pro',
      status: 'active',
      interval: 'year',
      currentPeriodEnd: new Date(periodEnd * 1000).toISOString(),
      paymentFailed: false,
      portalAvailable: true,
      checkoutPlans: [],
      usage: { monitors: { used: 5, limit: 50 } },
    });
    expect((await org.owner.client.post(`/orgs/${org.owner.orgSlug}/monitors`, httpBody())).status).toBe(201);
    const audit = await org.owner.client.get(`/orgs/${org.owner.orgSlug}/audit-log`);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'organization.plan_change',
        diff: expect.objectContaining({ plan: { from: 'free', to: 'pro' }, source: 'stripe' }),
      }),
    );
  });

  it('finds the org by subscription metadata when subscription events arrive before the checkout’s', async () => {
    const org = await newOrg();
    await deliver(subscriptionEvent(org, 'created', { price: prices.business.month }));
    expect(await billingOf(org)).toMatchObject({ plan: 'business', status: 'active', portalAvailable: true });
    await deliver(stripeEvent('checkout.session.completed', checkoutSession(org)));
    expect(await billingOf(org)).toMatchObject({ plan: 'business', status: 'active' });
  });

  it('finds the org by its customer when the subscription carries no org id', async () => {
    const org = await newOrg();
    await deliver(stripeEvent('checkout.session.completed', checkoutSession(org)));
    await deliver(subscriptionEvent(org, 'created', { withOrgId: false }));
    expect((await billingOf(org)).plan).toBe('pro');
  });

  it('shows a cancellation scheduled in the portal while the plan lasts until the period end', async () => {
    const org = await newOrg();
    await subscribe(org, prices.pro.month, now - 100);
    const object = {
      ...subscription({ ...org, id: org.subscription, price: prices.pro.month }),
      cancel_at: now + 86_400,
    };
    await deliver(stripeEvent('customer.subscription.updated', object, { created: now - 50 }));
    expect(await billingOf(org)).toMatchObject({ plan: 'pro', status: 'active', cancelAtPeriodEnd: true });
  });

  it('understands webhooks on API versions before 2025-03-31 (period end and subscription elsewhere)', async () => {
    const org = await newOrg();
    const periodEnd = now + 7 * 86_400;
    const legacy = {
      id: org.subscription,
      object: 'subscription',
      customer: org.customer,
      status: 'active',
      current_period_end: periodEnd,
      cancel_at_period_end: false,
      metadata: { orgId: org.orgId },
      items: { object: 'list', data: [{ id: 'si_legacy', price: { id: prices.business.year } }] },
    };
    await deliver(stripeEvent('customer.subscription.created', legacy, { created: now - 100 }));
    expect(await billingOf(org)).toMatchObject({
      plan: 'business',
      interval: 'year',
      currentPeriodEnd: new Date(periodEnd * 1000).toISOString(),
    });
    const legacyInvoice = {
      id: 'in_legacy',
      object: 'invoice',
      customer: org.customer,
      subscription: org.subscription,
    };
    await deliver(stripeEvent('invoice.payment_failed', legacyInvoice, { created: now - 50 }));
    expect((await billingOf(org)).paymentFailed).toBe(true);
  });

  it('keeps the plan while the first payment is incomplete', async () => {
    const org = await newOrg();
    await deliver(subscriptionEvent(org, 'created', { status: 'incomplete' }));
    expect(await billingOf(org)).toMatchObject({ plan: 'free', status: null });
  });
});

describe('delivery', () => {
  it('applies a replayed event once: the replay changes nothing', async () => {
    const org = await newOrg();
    const created = subscriptionEvent(org, 'created', { created: now - 20 });
    expect(await deliver(created)).toEqual({ received: true, firstDelivery: true });
    await deliver(subscriptionEvent(org, 'updated', { price: prices.business.month, created: now - 10 }));
    expect(await deliver(created)).toEqual({ received: true, firstDelivery: false });
    expect((await billingOf(org)).plan).toBe('business');
    const rows = await services.db.any(sql.unsafe`SELECT id FROM stripe_events WHERE id = ${created.id}`);
    expect(rows).toHaveLength(1);
  });

  it('never regresses on events out of order (older subscription timestamps lose)', async () => {
    const org = await newOrg();
    await subscribe(org, prices.pro.month, now - 100);
    // The upgrade (newer) arrives before an older update that still says pro.
    await deliver(subscriptionEvent(org, 'updated', { price: prices.business.year, created: now - 10 }));
    await deliver(subscriptionEvent(org, 'updated', { price: prices.pro.month, created: now - 50 }));
    expect(await billingOf(org)).toMatchObject({ plan: 'business', interval: 'year' });
    const stale = await services.db.oneFirst(sql.unsafe`
      SELECT count(*)::int FROM stripe_events WHERE org_id = ${org.orgId} AND outcome = 'stale'`);
    expect(stale).toBe(1);
    // A cancellation followed by a late "active" update of the same subscription stays canceled.
    await deliver(subscriptionEvent(org, 'deleted', { price: prices.business.year, created: now }));
    await deliver(subscriptionEvent(org, 'updated', { price: prices.business.year, created: now }));
    expect(await billingOf(org)).toMatchObject({ plan: 'free', status: 'canceled' });
  });

  it('does not let the end of an old subscription cancel the one that replaced it', async () => {
    const org = await newOrg();
    await subscribe(org, prices.pro.month, now - 100);
    const replacement = { ...org, subscription: `${org.subscription}_new` };
    await deliver(
      subscriptionEvent(replacement, 'created', { price: prices.business.month, created: now - 50 }),
    );
    await deliver(subscriptionEvent(org, 'deleted', { created: now - 40 }));
    expect(await billingOf(org)).toMatchObject({ plan: 'business', status: 'active' });
  });
});

describe('payment failure', () => {
  it('shows past due with the plan kept until Stripe cancels; a paid invoice clears it', async () => {
    const org = await newOrg();
    await subscribe(org, prices.pro.month, now - 100);
    const bill = invoice(org);
    await deliver(stripeEvent('invoice.payment_failed', bill, { created: now - 90 }));
    expect(await billingOf(org)).toMatchObject({ plan: 'pro', status: 'past_due', paymentFailed: true });
    await deliver(stripeEvent('invoice.paid', bill, { created: now - 80 }));
    expect(await billingOf(org)).toMatchObject({ plan: 'pro', status: 'active', paymentFailed: false });

    await deliver(stripeEvent('invoice.payment_failed', bill, { created: now - 70 }));
    await deliver(subscriptionEvent(org, 'updated', { status: 'past_due', created: now - 70 }));
    expect(await billingOf(org)).toMatchObject({ plan: 'pro', paymentFailed: true });
    // An older success delivered late does not clear the banner.
    await deliver(stripeEvent('invoice.paid', bill, { created: now - 75 }));
    expect((await billingOf(org)).paymentFailed).toBe(true);
    await deliver(subscriptionEvent(org, 'deleted', { status: 'canceled', created: now - 60 }));
    expect(await billingOf(org)).toMatchObject({ plan: 'free', status: 'canceled', paymentFailed: false });
    expect((await billingOf(org)).checkoutPlans).toEqual(['pro', 'business']);
  });
});

describe('plan changes and monitors', () => {
  it('pauses the monitors over the new limits on a downgrade (never deletes) and resumes them on an upgrade', async () => {
    const org = await newOrg();
    await subscribe(org, prices.pro.month, now - 100);
    const fast = (await createMonitors(org, 1, 60))[0]!;
    const fitting = await createMonitors(org, 5);
    const [extra] = await createMonitors(org, 1);
    const [manual] = await createMonitors(org, 1);
    expect((await org.owner.client.post(`/orgs/${org.owner.orgSlug}/monitors/${manual}/pause`)).status).toBe(
      200,
    );

    await deliver(subscriptionEvent(org, 'deleted', { created: now - 50 }));
    const afterDowngrade = new Map((await monitorsOf(org)).map((monitor) => [monitor.id, monitor]));
    expect(afterDowngrade.size).toBe(8);
    expect(afterDowngrade.get(fast)).toMatchObject({
      paused: true,
      pausedReason: expect.stringMatching(/300 seconds/),
    });
    expect(afterDowngrade.get(extra!)).toMatchObject({
      paused: true,
      pausedReason: expect.stringMatching(/Free plan allows at most 5 active monitors/),
    });
    for (const id of fitting)
      expect(afterDowngrade.get(id)).toMatchObject({ paused: false, pausedReason: null });
    expect(afterDowngrade.get(manual!)).toMatchObject({ paused: true, pausedReason: null });
    expect(await billingOf(org)).toMatchObject({
      plan: 'free',
      usage: { monitors: { used: 5, limit: 5 }, monitorsPausedByPlan: 2 },
    });
    await eventually(
      () => monitorChanges.filter((change) => change.monitorId === extra && change.kind === 'remove'),
      (found) => found.length === 1,
    );

    // Subscribing again (a new subscription) resumes what the free plan paused; the manual pause stays.
    const again = { ...org, subscription: `${org.subscription}_again` };
    await deliver(subscriptionEvent(again, 'created', { created: now - 10 }));
    const afterUpgrade = new Map((await monitorsOf(org)).map((monitor) => [monitor.id, monitor]));
    expect(afterUpgrade.get(fast)).toMatchObject({ paused: false, pausedReason: null });
    expect(afterUpgrade.get(extra!)).toMatchObject({ paused: false, pausedReason: null });
    expect(afterUpgrade.get(manual!)).toMatchObject({ paused: true, pausedReason: null });
    expect((await billingOf(org)).usage).toMatchObject({ monitors: { used: 7 }, monitorsPausedByPlan: 0 });
    await eventually(
      () => monitorChanges.filter((change) => change.monitorId === extra && change.kind === 'upsert'),
      (found) => found.length === 2,
    );
  });
});

describe('bad and unmatched events', () => {
  it.each([
    ['no signature', { signature: null }],
    ['a signature made with another secret', { secret: 'whsec_someone_else' }],
    ['a malformed signature header', { signature: 't=1,v1=deadbeef' }],
  ])('refuses %s with 400 and changes nothing', async (_name, options) => {
    const org = await newOrg();
    const event = subscriptionEvent(org, 'created');
    const response = await deliverStripeEvent(url, event, options);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
    expect((await billingOf(org)).plan).toBe('free');
    expect(await services.db.any(sql.unsafe`SELECT id FROM stripe_events WHERE id = ${event.id}`)).toEqual(
      [],
    );
  });

  it('refuses a payload changed after signing (400)', async () => {
    const org = await newOrg();
    const signed = JSON.stringify(subscriptionEvent(org, 'created'));
    const tampered = signed.replace(prices.pro.month, prices.business.year);
    const response = await deliverStripeEvent(url, tampered, { signature: stripeSignature(signed) });
    expect(response.status).toBe(400);
    expect((await billingOf(org)).plan).toBe('free');
  });

  it('acknowledges an unknown price (200), keeps the plan and records it for operators', async () => {
    const org = await newOrg();
    const event = subscriptionEvent(org, 'created', { price: 'price_from_another_app' });
    expect(await deliver(event)).toEqual({ received: true, firstDelivery: true });
    expect((await billingOf(org)).plan).toBe('free');
    const operator = await operatorClient();
    const listed = await operator.get('/admin/billing/unmatched-events');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({
        eventId: event.id,
        reason: 'unknown_price',
        stripeSubscriptionId: org.subscription,
        detail: expect.stringMatching(/price_from_another_app/),
      }),
    );
  });

  it('acknowledges events of an unknown organization (200) and records them for operators', async () => {
    const strangers = stripeIds();
    const orphan = {
      orgId: '00000000-0000-4000-8000-000000000000',
      customer: strangers.customer,
      subscription: strangers.subscription,
    };
    const checkout = stripeEvent('checkout.session.completed', checkoutSession(orphan));
    const created = stripeEvent(
      'customer.subscription.created',
      subscription({
        id: orphan.subscription,
        customer: orphan.customer,
        price: prices.pro.month,
        orgId: 'nonsense',
      }),
    );
    await deliver(checkout);
    await deliver(created);
    const operator = await operatorClient();
    const items = (await operator.get('/admin/billing/unmatched-events')).body.items as Array<{
      eventId: string;
    }>;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventId: checkout.id,
          reason: 'unknown_org',
          stripeCustomerId: orphan.customer,
        }),
        expect.objectContaining({
          eventId: created.id,
          reason: 'unknown_org',
          stripeSubscriptionId: orphan.subscription,
        }),
      ]),
    );
  });

  it('acknowledges event types it does not act on (200)', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_x', object: 'customer' });
    expect(await deliver(event)).toEqual({ received: true, firstDelivery: true });
  });
});

async function operatorClient(): Promise<ApiClient> {
  const login = new ApiClient(url);
  const signedIn = await login.post('/auth/login', {
    email: operatorEmail,
    password: 'correct horse battery',
  });
  if (signedIn.status === 200) return login;
  return (await registerUser(url, { email: operatorEmail })).client;
}
