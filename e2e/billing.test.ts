import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeStripe, testStripe } from '../apps/control-plane/src/test-support/fake-stripe.ts';
import { insertPlatformRegions, orgIdOf } from '../apps/control-plane/src/test-support/monitors.ts';
import {
  checkoutSession,
  deliverStripeEvent,
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
await insertPlatformRegions(services);

const hydrated = { waitUntil: 'networkidle' } as const;

describe('a plan limit in the dashboard', () => {
  it('blocks the sixth monitor on free with an upgrade prompt, and allows it once Stripe says pro', async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/register', hydrated);
    await page.getByLabel('Email').fill('lim@limits.test');
    await page.getByLabel('Password').fill('limits password 1');
    await page.getByLabel('Organization').fill('Limits Co');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app/limits-co/monitors**');

    // Five monitors fill the free plan (made through the API with the same session).
    const session = (await context.cookies()).find((cookie) => cookie.name === 'vantage_session')!.value;
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${stack.controlPlane.url}/api/v1/orgs/limits-co/monitors`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `vantage_session=${session}`,
          origin: stack.web.url,
        },
        body: JSON.stringify({
          type: 'http',
          name: `Site ${i}`,
          url: `https://93.184.215.${i + 1}/`,
          intervalSeconds: 300,
          regions: ['eu-west'],
        }),
      });
      expect(response.status, await response.text()).toBe(201);
    }

    const create = async () => {
      await page.goto('/app/limits-co/monitors/new', hydrated);
      await page.getByLabel('Name', { exact: true }).fill('The sixth');
      await page.getByLabel('URL', { exact: true }).fill('https://93.184.215.9/');
      await page.getByRole('button', { name: /create monitor/i }).click();
    };
    await create();
    const prompt = page.getByRole('alert').filter({ hasText: /upgrade your plan/i });
    await prompt.waitFor();
    await expect(prompt.getByRole('link', { name: /upgrade your plan/i }).getAttribute('href')).resolves.toBe(
      '/app/limits-co/settings/billing',
    );
    // What the user typed survives the refusal.
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('The sixth');
    await screenshot(page, 'billing-limit-prompt');

    // Stripe completes the checkout and the subscription (signed webhooks, in Stripe's order).
    const orgId = await orgIdOf(services, 'limits-co');
    const ids = { customer: 'cus_limits', subscription: 'sub_limits' };
    const pro = subscription({ ...ids, id: ids.subscription, price: testStripe.prices.pro.month, orgId });
    for (const event of [
      stripeEvent('checkout.session.completed', checkoutSession({ orgId, ...ids })),
      stripeEvent('customer.subscription.created', pro),
    ]) {
      await expect(deliverStripeEvent(stack.controlPlane.url, event).then((r) => r.status)).resolves.toBe(
        200,
      );
    }

    await page.goto('/app/limits-co/settings/billing', hydrated);
    await expect(page.getByRole('region', { name: 'Current plan' }).textContent()).resolves.toMatch(/Pro/);
    await create();
    await page.waitForURL(/\/app\/limits-co\/monitors\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { name: 'The sixth' }).isVisible()).resolves.toBe(true);
    await context.close();
  });
});
