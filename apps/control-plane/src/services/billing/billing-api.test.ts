import { sql, upsertMembership } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { billingEnv, startFakeStripe, testStripe } from '../../test-support/fake-stripe.ts';
import { httpBody, insertPlatformRegions, orgIdOf } from '../../test-support/monitors.ts';
import {
  deliverStripeEvent,
  stripeEvent,
  stripeIds,
  subscription,
} from '../../test-support/stripe-events.ts';

const services = await useTestServices();
const stripe = await startFakeStripe();
afterAll(() => stripe.stop());
const hosted = await startTestControlPlane(services, { VANTAGE_EDITION: 'hosted', ...stripe.env });
afterAll(() => hosted.stop());
// The same database without Stripe: a self-hosted install.
const selfHosted = await startTestControlPlane(services);
afterAll(() => selfHosted.stop());
await insertPlatformRegions(services);

const requestsTo = (path: string) => stripe.requests.filter((request) => request.path === path);

describe('plan and usage', () => {
  it('shows a new hosted organization its free plan, usage against the limits and what it can buy', async () => {
    const owner = await registerUser(hosted.url);
    for (let index = 0; index < 2; index += 1) {
      expect((await owner.client.post(`/orgs/${owner.orgSlug}/monitors`, httpBody())).status).toBe(201);
    }
    const response = await owner.client.get(`/orgs/${owner.orgSlug}/billing`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      billingEnabled: true,
      plan: 'free',
      status: null,
      interval: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      paymentFailed: false,
      portalAvailable: false,
      checkoutPlans: ['pro', 'business'],
      usage: {
        monitors: { used: 2, limit: 5 },
        monitorsPausedByPlan: 0,
        statusPages: { used: 0, limit: 1 },
        members: { used: 1, limit: 1 },
      },
    });
  });

  it('answers plan and usage on a self-hosted install, with billing off and no limits', async () => {
    const owner = await registerUser(selfHosted.url);
    const response = await owner.client.get(`/orgs/${owner.orgSlug}/billing`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      billingEnabled: false,
      plan: 'unlimited',
      status: null,
      paymentFailed: false,
      portalAvailable: false,
      checkoutPlans: [],
      usage: { monitors: { used: 0, limit: null }, members: { used: 1, limit: null } },
    });
  });

  it('has no checkout, portal or webhook on a self-hosted install (404)', async () => {
    const owner = await registerUser(selfHosted.url);
    const checkout = await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, {
      plan: 'pro',
      interval: 'month',
    });
    expect(checkout.status).toBe(404);
    expect(checkout.body.error.message).toMatch(/Billing is not enabled/);
    expect((await owner.client.post(`/orgs/${owner.orgSlug}/billing/portal`)).status).toBe(404);
    const ids = stripeIds();
    const event = stripeEvent(
      'customer.subscription.created',
      subscription({ id: ids.subscription, customer: ids.customer, price: testStripe.prices.pro.month }),
    );
    expect((await deliverStripeEvent(selfHosted.url, event)).status).toBe(404);
  });
});

describe('checkout', () => {
  it('creates a subscription checkout for the org, reusing its Stripe customer, and returns its URL', async () => {
    const owner = await registerUser(hosted.url, { organizationName: 'Checkout Co' });
    const orgId = await orgIdOf(services, owner.orgSlug);
    const before = stripe.requests.length;
    const first = await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, {
      plan: 'pro',
      interval: 'year',
    });
    expect(first.status).toBe(201);
    expect(first.body.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const [customer, session] = stripe.requests.slice(before);
    expect(customer).toMatchObject({
      path: '/v1/customers',
      params: { name: 'Checkout Co', email: owner.email, 'metadata[orgId]': orgId },
    });
    const customerId = await services.db.oneFirst(
      sql.unsafe`SELECT stripe_customer_id FROM billing_accounts WHERE org_id = ${orgId}`,
    );
    expect(session).toMatchObject({
      path: '/v1/checkout/sessions',
      params: {
        mode: 'subscription',
        customer: customerId,
        client_reference_id: orgId,
        'line_items[0][price]': testStripe.prices.pro.year,
        'line_items[0][quantity]': '1',
        'metadata[orgId]': orgId,
        'metadata[plan]': 'pro',
        'metadata[interval]': 'year',
        'subscription_data[metadata][orgId]': orgId,
        success_url: `http://127.0.0.1:3000/app/${owner.orgSlug}/settings/billing?checkout=success`,
        cancel_url: `http://127.0.0.1:3000/app/${owner.orgSlug}/settings/billing?checkout=canceled`,
      },
    });

    const customersBefore = requestsTo('/v1/customers').length;
    const second = await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, {
      plan: 'business',
      interval: 'month',
    });
    expect(second.status).toBe(201);
    expect(requestsTo('/v1/customers')).toHaveLength(customersBefore);
    expect(requestsTo('/v1/checkout/sessions').at(-1)?.params).toMatchObject({
      customer: customerId,
      'line_items[0][price]': testStripe.prices.business.month,
    });
    expect((await owner.client.get(`/orgs/${owner.orgSlug}/billing`)).body.portalAvailable).toBe(true);
  });

  it.each([
    [{ plan: 'free', interval: 'month' }, 'body.plan'],
    [{ plan: 'unlimited', interval: 'month' }, 'body.plan'],
    [{ plan: 'pro', interval: 'week' }, 'body.interval'],
    [{ plan: 'pro' }, 'body.interval'],
  ])('refuses %j with 400 naming %s, asking Stripe nothing', async (body, path) => {
    const owner = await registerUser(hosted.url);
    const before = stripe.requests.length;
    const response = await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect(stripe.requests).toHaveLength(before);
  });

  it('sends an organization that already pays to the portal instead (409)', async () => {
    const owner = await registerUser(hosted.url);
    const orgId = await orgIdOf(services, owner.orgSlug);
    const ids = stripeIds();
    const created = stripeEvent(
      'customer.subscription.created',
      subscription({
        id: ids.subscription,
        customer: ids.customer,
        price: testStripe.prices.pro.month,
        orgId,
      }),
    );
    expect((await deliverStripeEvent(hosted.url, created)).status).toBe(200);
    const response = await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, {
      plan: 'business',
      interval: 'month',
    });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/billing portal/);
    expect((await owner.client.get(`/orgs/${owner.orgSlug}/billing`)).body.checkoutPlans).toEqual([]);
  });

  it('answers 502 with a clear message when Stripe is unreachable, and writes nothing', async () => {
    const owner = await registerUser(hosted.url);
    const orgId = await orgIdOf(services, owner.orgSlug);
    await stripe.setReachable(false);
    try {
      const response = await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, {
        plan: 'pro',
        interval: 'month',
      });
      expect(response.status).toBe(502);
      expect(response.body.error).toMatchObject({
        code: 'bad_gateway',
        message: expect.stringMatching(/reach Stripe/),
      });
    } finally {
      await stripe.setReachable(true);
    }
    const rows = await services.db.any(sql.unsafe`SELECT * FROM billing_accounts WHERE org_id = ${orgId}`);
    expect(rows).toEqual([]);
    const retried = await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, {
      plan: 'pro',
      interval: 'month',
    });
    expect(retried.status).toBe(201);
  });
});

describe('portal', () => {
  it('opens the customer portal of the org’s customer, returning to the billing page', async () => {
    const owner = await registerUser(hosted.url);
    const none = await owner.client.post(`/orgs/${owner.orgSlug}/billing/portal`);
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/subscribe to a plan first/);
    await owner.client.post(`/orgs/${owner.orgSlug}/billing/checkout`, { plan: 'pro', interval: 'month' });
    const customerId = requestsTo('/v1/checkout/sessions').at(-1)?.params.customer;
    const response = await owner.client.post(`/orgs/${owner.orgSlug}/billing/portal`);
    expect(response.status).toBe(201);
    expect(response.body.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//);
    expect(requestsTo('/v1/billing_portal/sessions').at(-1)?.params).toEqual({
      customer: customerId,
      return_url: `http://127.0.0.1:3000/app/${owner.orgSlug}/settings/billing`,
    });
  });

  it('lets owners and admins manage billing, not members (403)', async () => {
    const owner = await registerUser(hosted.url);
    const orgId = await orgIdOf(services, owner.orgSlug);
    const admin = await registerUser(hosted.url);
    const member = await registerUser(hosted.url);
    await upsertMembership(services.db, orgId, admin.userId, 'admin');
    await upsertMembership(services.db, orgId, member.userId, 'member');
    const checkout = (client: typeof owner.client) =>
      client.post(`/orgs/${owner.orgSlug}/billing/checkout`, { plan: 'pro', interval: 'month' });
    expect((await checkout(admin.client)).status).toBe(201);
    expect((await admin.client.post(`/orgs/${owner.orgSlug}/billing/portal`)).status).toBe(201);
    expect((await checkout(member.client)).status).toBe(403);
    expect((await member.client.post(`/orgs/${owner.orgSlug}/billing/portal`)).status).toBe(403);
    expect((await member.client.get(`/orgs/${owner.orgSlug}/billing`)).status).toBe(403);
  });
});

describe('configuration', () => {
  const base = {
    DATABASE_URL: 'postgres://localhost/x',
    REDIS_URL: 'redis://localhost',
    CLICKHOUSE_DATA_DIR: '/tmp/x',
  };

  it('turns billing on only with every STRIPE_* variable, naming each one missing', () => {
    expect(loadConfig(base).billing).toBeNull();
    const all = billingEnv('http://127.0.0.1:12111');
    expect(loadConfig({ ...base, ...all }).billing).toMatchObject({
      webhookSecret: testStripe.webhookSecret,
      prices: { pro: { month: testStripe.prices.pro.month } },
    });
    const { STRIPE_WEBHOOK_SECRET: _, STRIPE_PRICE_BUSINESS_YEARLY: __, ...partial } = all;
    expect(() => loadConfig({ ...base, ...partial })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...partial })).toThrow(
      /STRIPE_WEBHOOK_SECRET: billing needs every STRIPE_\* variable.*STRIPE_PRICE_BUSINESS_YEARLY: billing needs/,
    );
    expect(() =>
      loadConfig({ ...base, ...all, STRIPE_PRICE_PRO_YEARLY: all.STRIPE_PRICE_PRO_MONTHLY! }),
    ).toThrow(/own price id/);
  });
});
