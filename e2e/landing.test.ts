import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeStripe, testStripe } from '../apps/control-plane/src/test-support/fake-stripe.ts';
import {
  checkoutSession,
  deliverStripeEvent,
  invoice,
  stripeEvent,
  subscription,
} from '../apps/control-plane/src/test-support/stripe-events.ts';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

const services = await useTestServices();
const stripe = await startFakeStripe();
const stack = await startStack(services, {
  webEnv: { VANTAGE_EDITION: 'hosted' },
  controlPlaneEnv: { VANTAGE_EDITION: 'hosted', ...stripe.env },
});
afterAll(async () => {
  await stack.stop();
  await stripe.stop();
});

// Typing into a server-rendered form before its JavaScript has hydrated it can be wiped.
const hydrated = { waitUntil: 'networkidle' } as const;

describe('the landing page (hosted edition)', () => {
  it('explains Vantage and shows the prices of the plans', async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/', hydrated);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/down.*where/i);
    await expect(page.getByRole('figure').textContent()).resolves.toMatch(/1 of 5 regions down/);

    const pricing = page.locator('#pricing');
    for (const name of ['Free', 'Pro', 'Business']) {
      await expect(pricing.getByRole('heading', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    const pro = pricing.getByRole('article', { name: 'Pro' });
    await expect(pro.getByText('$29', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(pro.textContent()).resolves.toMatch(/50 monitors/);
    await screenshot(page, 'landing');

    await pricing.getByText('Yearly 2 months free').click();
    await expect(pro.getByText('$290 billed yearly').isVisible()).resolves.toBe(true);
    await expect(pro.getByText('$29', { exact: true }).isVisible()).resolves.toBe(false);

    await page.getByRole('link', { name: 'Start monitoring — free' }).click();
    await page.waitForURL(/\/register$/);
    await context.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const context = await stack.browser.newContext({
      baseURL: stack.web.url,
      viewport: { width: 375, height: 740 },
    });
    const page = await context.newPage();
    await page.goto('/', hydrated);
    // How far the page is wider than the screen (evaluated in the browser).
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'landing-phone');
    await context.close();
  });
});

describe('plan & usage (hosted, with Stripe)', () => {
  it('upgrades a free organization through checkout, then shows the subscription and a failed payment', {
    timeout: 60_000,
  }, async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/register', hydrated);
    await page.getByLabel('Email').fill('pat@payer.test');
    await page.getByLabel('Password').fill('payer password 1');
    await page.getByLabel('Organization').fill('Payer Co');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app/payer-co/monitors**');

    await page.goto('/app/payer-co/settings/billing', hydrated);
    const current = page.getByRole('region', { name: 'Current plan' });
    await expect(current.textContent()).resolves.toMatch(/Free/);
    await expect(page.getByRole('meter', { name: 'Monitors' }).getAttribute('aria-valuemax')).resolves.toBe(
      '5',
    );

    // Checkout is Stripe's page: the browser is sent there.
    await page.route('https://checkout.stripe.test/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<h1>Stripe Checkout</h1>' }),
    );
    await page.getByRole('button', { name: 'Upgrade to Pro', exact: true }).click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.test\//);
    const request = stripe.requests.find((r) => r.path === '/v1/checkout/sessions');
    expect(request?.params['line_items[0][price]']).toBe(testStripe.prices.pro.month);
    const orgId = request?.params.client_reference_id ?? '';
    const customer = request?.params.customer ?? '';

    const ids = { customer, subscription: 'sub_test_e2e_landing' };
    const paid = subscription({ id: ids.subscription, customer, price: testStripe.prices.pro.month, orgId });
    for (const event of [
      stripeEvent('checkout.session.completed', checkoutSession({ orgId, ...ids })),
      stripeEvent('customer.subscription.created', paid),
    ]) {
      await expect(deliverStripeEvent(stack.controlPlane.url, event).then((r) => r.status)).resolves.toBe(
        200,
      );
    }

    await page.goto('/app/payer-co/settings/billing?checkout=success', hydrated);
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/thank you/i);
    await expect(current.textContent()).resolves.toMatch(/Pro\s*Active/);
    await expect(current.textContent()).resolves.toMatch(/renews on/);
    await expect(page.getByRole('button', { name: 'Manage billing' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('meter', { name: 'Monitors' }).getAttribute('aria-valuemax')).resolves.toBe(
      '50',
    );
    await screenshot(page, 'billing');

    const failed = stripeEvent('invoice.payment_failed', invoice(ids));
    await expect(deliverStripeEvent(stack.controlPlane.url, failed).then((r) => r.status)).resolves.toBe(200);
    await page.reload(hydrated);
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/last payment failed/i);

    // Stripe down: a clear message on the page, and the page stays usable.
    await stripe.setReachable(false);
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /could not reach stripe/i })
      .waitFor();
    await stripe.setReachable(true);
    await context.close();
  });
});
