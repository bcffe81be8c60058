import { useTestServices } from '@vantage/testing';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../apps/control-plane/src/test-support/api-client.ts';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

const services = await useTestServices();
const stack = await startStack(services);
afterAll(() => stack.stop());

const password = 'correct horse battery';

/** An API client that calls the control plane as the dashboard would (its Origin). */
function apiClient(): ApiClient {
  const client = new ApiClient(stack.controlPlane.url);
  client.origin = stack.web.url;
  return client;
}

// The owner (the install's first account) with a region and one monitor to attach incidents to.
const owner = apiClient();
const registered = await owner.post('/auth/register', {
  email: 'owner@example.com',
  password,
  name: 'Olive Owner',
  organizationName: 'Acme Ops',
});
expect(registered.status).toBe(201);
const org = registered.body.organization.slug as string;
expect((await owner.post('/admin/regions', { id: 'eu-west', name: 'Europe West' })).status).toBe(201);
const monitor = await owner.post(`/orgs/${org}/monitors`, {
  type: 'http',
  name: 'Checkout API',
  url: 'http://127.0.0.1:9/checkout',
  regions: ['eu-west'],
});
expect(monitor.status, JSON.stringify(monitor.body)).toBe(201);

/** Opens a page and waits until it has hydrated: typing into a page still hydrating can be wiped. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}

async function signIn(page: Page, email: string, next: string): Promise<void> {
  await open(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next);
}

describe('incidents', () => {
  it('declares an incident, posts updates that show on the timeline, changes its impact and resolves it', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, 'owner@example.com', `/app/${org}/incidents`);
    await page.getByText('No open incidents').waitFor();
    await page.getByRole('link', { name: 'Declare incident' }).click();

    await page.getByLabel('Title').fill('Checkout errors in Europe');
    await page.getByLabel('Impact').selectOption('major');
    await page.getByLabel('First update').fill('We are looking into failed payments.');
    await page.getByLabel('Checkout API').check();
    await page.getByRole('button', { name: 'Declare incident' }).click();
    await page.waitForURL(new RegExp(`/app/${org}/incidents/[0-9a-f-]{36}$`));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Checkout errors in Europe',
    );
    const timeline = page.locator('.timeline');
    await timeline.getByText('We are looking into failed payments.').waitFor();

    await page.getByRole('radio', { name: 'identified' }).check();
    await page.getByLabel('Message').fill('A bad deploy broke the payment form; rolling back.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await timeline.getByText('A bad deploy broke the payment form; rolling back.').waitFor();
    // Newest first: the update just posted leads the timeline.
    await expect(timeline.locator('li').first().textContent()).resolves.toMatch(/identified.*bad deploy/s);
    await expect(page.locator('.summary').textContent()).resolves.toMatch(/identified/);

    await page.getByLabel('Impact').selectOption('critical');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.locator('.summary .impact-critical').waitFor();
    await screenshot(page, 'incident-detail');

    await open(page, `/app/${org}/incidents`);
    const openTable = page.locator('table').first();
    await expect(openTable.textContent()).resolves.toMatch(
      /Checkout errors in Europe.*identified.*critical.*Checkout API/s,
    );
    await screenshot(page, 'incidents');

    await page.getByRole('link', { name: 'Checkout errors in Europe' }).click();
    await page.getByRole('radio', { name: 'resolved' }).check();
    await page.getByLabel('Message').fill('Rolled back; payments work again.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.locator('.summary').getByText('after', { exact: false }).waitFor();
    await open(page, `/app/${org}/incidents`);
    await page.getByText('No open incidents').waitFor();
    await expect(page.locator('table').nth(1).textContent()).resolves.toMatch(
      /Checkout errors in Europe.*resolved/s,
    );
    await context.close();
  });

  it('keeps what was typed and shows the field error when an update is refused', async () => {
    const created = await owner.post(`/orgs/${org}/incidents`, { title: 'Slow dashboard' });
    expect(created.status).toBe(201);
    const { page, context } = await stack.newPage();
    await signIn(page, 'owner@example.com', `/app/${org}/incidents/${created.body.id}`);
    await page.getByRole('radio', { name: 'monitoring' }).check();
    await page.getByLabel('Message').fill('   ');
    // Skip the browser's own check so the API's answer is what the person sees.
    await page.locator('form[action="?/post"]').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.locator('#f-message-error').waitFor();
    await expect(page.getByRole('radio', { name: 'monitoring' }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/correct the fields/i);
    await context.close();
  });

  it('shows a viewer incidents without write controls, and explains the refusal of a forged post', async () => {
    const created = await owner.post(`/orgs/${org}/incidents`, { title: 'Viewer can read this' });
    expect(created.status).toBe(201);
    expect(
      (await owner.post(`/orgs/${org}/invitations`, { email: 'viewer@example.com', role: 'viewer' })).status,
    ).toBe(201);
    const mail = await stack.controlPlane.mail.waitFor('viewer@example.com', /invited to join/);
    const token = /invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    const viewer = apiClient();
    expect(
      (
        await viewer.post('/auth/register', {
          email: 'viewer@example.com',
          password,
          organizationName: 'Viewer Org',
        })
      ).status,
    ).toBe(201);
    expect((await viewer.post('/invitations/accept', { token })).status).toBe(201);

    const { page, context } = await stack.newPage();
    await signIn(page, 'viewer@example.com', `/app/${org}/incidents`);
    await page.getByRole('link', { name: 'Viewer can read this' }).waitFor();
    await expect(page.getByRole('link', { name: 'Declare incident' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Viewer can read this' }).click();
    await page.locator('.timeline').waitFor();
    await expect(page.getByRole('button', { name: 'Post update' }).count()).resolves.toBe(0);

    // A post the page never offered (a stale tab, a crafted form) is refused by the API and explained.
    await page.locator('main').evaluate((main) =>
      main.insertAdjacentHTML(
        'beforeend',
        `<form method="POST" action="?/post" id="forged">
          <input name="_form" value="post"><input name="status" value="resolved"><input name="message" value="sneaky">
          <button type="submit">Forged post</button>
        </form>`,
      ),
    );
    await page.getByRole('button', { name: 'Forged post' }).click();
    await page.getByRole('alert').first().waitFor();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(
      /role|permission|not allowed|forbidden/i,
    );
    expect((await owner.get(`/orgs/${org}/incidents/${created.body.id}`)).body.status).toBe('investigating');
    await context.close();
  });
});

describe('maintenance windows', () => {
  it('schedules a weekly window and previews its next occurrences', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, 'owner@example.com', `/app/${org}/maintenance`);
    await page.getByRole('link', { name: 'Schedule maintenance' }).click();
    await page.getByLabel('Title').fill('Weekly database upgrade');
    await page.getByLabel('Checkout API').check();
    await page.getByLabel('Repeats').selectOption('FREQ=WEEKLY');
    await page.getByLabel(/^Starts/).fill('2030-01-06T02:00');
    await page.getByLabel('Duration of each occurrence (minutes)').fill('90');
    await page.getByRole('button', { name: 'Schedule window' }).click();
    await page.waitForURL(new RegExp(`/app/${org}/maintenance/[0-9a-f-]{36}$`));

    const starts = await page
      .locator('.occurrences li time:first-child')
      .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
    expect(starts).toHaveLength(10);
    const gaps = starts.slice(1).map((start, i) => (Date.parse(start) - Date.parse(starts[i]!)) / 86_400_000);
    expect(gaps.every((days) => days === 7)).toBe(true);
    await expect(page.locator('.occurrences li').first().textContent()).resolves.toMatch(/1 h 30 min/);
    await screenshot(page, 'maintenance-detail');

    await open(page, `/app/${org}/maintenance`);
    await expect(page.locator('table').textContent()).resolves.toMatch(
      /Weekly database upgrade.*scheduled.*Every week · 90 min/s,
    );
    await screenshot(page, 'maintenance');

    // Edit: a shorter window every day; the preview follows.
    await page.getByRole('link', { name: 'Weekly database upgrade' }).click();
    await page.getByLabel('Title').fill('Daily database upgrade');
    await page.getByLabel('Repeats').selectOption('FREQ=DAILY');
    await page.getByLabel('Duration of each occurrence (minutes)').fill('45');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Daily database upgrade', level: 1 }).waitFor();
    await expect(page.locator('.occurrences li').nth(1).textContent()).resolves.toMatch(/7 Jan 2030.*45 min/);

    // Delete, after confirming.
    await page.getByText('Delete window…').click();
    await page.getByRole('button', { name: 'Yes, delete window' }).click();
    await page.waitForURL(new RegExp(`/app/${org}/maintenance$`));
    await page.getByText('No maintenance scheduled.').waitFor();
    await context.close();
  });

  it('names the wrong field of a one-off window and keeps the rest', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, 'owner@example.com', `/app/${org}/maintenance/new`);
    await page.getByLabel('Title').fill('Network switch swap');
    await page.getByLabel('Checkout API').check();
    await page.getByLabel(/^Starts/).fill('2030-02-01T04:00');
    await page.getByLabel(/^Ends/).fill('2030-02-01T03:00');
    await page.getByRole('button', { name: 'Schedule window' }).click();
    await expect(page.locator('#f-endsAt-error').textContent()).resolves.toMatch(/after/i);
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Network switch swap');
    await expect(page.getByLabel('Checkout API').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel(/^Starts/).inputValue()).resolves.toBe('2030-02-01T04:00');
    await context.close();
  });
});

describe('without JavaScript', () => {
  it('declares an incident, posts an update and schedules a one-off window with plain form posts', async () => {
    const context = await stack.browser.newContext({ baseURL: stack.web.url, javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signIn(page, 'owner@example.com', `/app/${org}/incidents/new`);
    await page.getByLabel('Title').fill('No-JS incident');
    await page.getByRole('button', { name: 'Declare incident' }).click();
    await page.waitForURL(new RegExp(`/app/${org}/incidents/[0-9a-f-]{36}$`));
    await page.getByRole('radio', { name: 'monitoring' }).check();
    await page.getByLabel('Message').fill('Fix deployed, watching.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.locator('.timeline').getByText('Fix deployed, watching.').waitFor();

    await open(page, `/app/${org}/maintenance/new`);
    // Recurring-only fields are hidden by CSS alone while "does not repeat" is chosen.
    await expect(page.getByLabel('Duration of each occurrence (minutes)').isVisible()).resolves.toBe(false);
    await page.getByLabel('Title').fill('No-JS window');
    await page.getByLabel('Checkout API').check();
    await page.getByLabel(/^Starts/).fill('2031-03-01T10:00');
    await page.getByLabel(/^Ends/).fill('2031-03-01T12:00');
    await page.getByRole('button', { name: 'Schedule window' }).click();
    await page.waitForURL(new RegExp(`/app/${org}/maintenance/[0-9a-f-]{36}$`));
    // Without JavaScript the times are read and shown in UTC.
    await expect(page.locator('.occurrences').textContent()).resolves.toMatch(
      /1 Mar 2031, 10:00 → 12:00\s*UTC/,
    );
    await context.close();
  });
});
