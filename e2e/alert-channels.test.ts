import { createHmac } from 'node:crypto';
import { startWebhookReceiver, useTestServices } from '@vantage/testing';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

const services = await useTestServices();
const stack = await startStack(services);
const receiver = await startWebhookReceiver();
afterAll(async () => {
  await stack.stop();
  await receiver.stop();
});

const { page: ownerPage, context: ownerContext } = await stack.newPage();
afterAll(() => ownerContext.close());

/** Opens a page and waits until it has hydrated: typing into a page still hydrating can be wiped. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}

/** Signs up in the browser and returns the new organization's slug. */
async function signUp(page: Page): Promise<string> {
  await open(page, '/register');
  await page.getByLabel('Your name').fill('Ada Alerts');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Organization').fill('Alerting Co');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Only the address matters here: the monitors page it lands on is tested elsewhere.
  await page.waitForURL(/\/app\/[a-z0-9-]+\//, { waitUntil: 'commit' });
  return new URL(page.url()).pathname.split('/')[2]!;
}

const org = await signUp(ownerPage);

describe('alert channels', () => {
  it('creates a signed webhook channel, sends a test that arrives, and lists the delivery', async () => {
    const page = ownerPage;
    await open(page, `/app/${org}/alert-channels`);
    await page.getByText('No alert channels yet').waitFor();
    await page.getByRole('link', { name: 'New channel' }).click();
    await page.getByLabel('Name').fill('Ops webhook');
    await page.getByLabel('Kind').selectOption('webhook');
    // Only the chosen kind's fields are visible.
    await expect(page.getByLabel('Slack incoming webhook URL').isVisible()).resolves.toBe(false);
    await page.getByLabel('Webhook URL', { exact: true }).fill(`${receiver.url}/hooks/ops`);
    await page.getByRole('button', { name: 'Create channel' }).click();

    const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('link', { name: 'Continue to the channel' }).click();
    await page.waitForURL(/\/alert-channels\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Ops webhook', level: 1 }).waitFor();
    // The secret is never shown again.
    await expect(page.content()).resolves.not.toContain(secret);

    await page.getByRole('button', { name: 'Send test' }).click();
    await expect(page.getByTestId('test-result').textContent()).resolves.toMatch(/Test delivered — HTTP 200/);
    const request = await receiver.waitFor((r) => r.path === '/hooks/ops');
    expect(JSON.parse(request.body)).toMatchObject({ type: 'test' });
    const signature = String(request.headers['vantage-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex'));

    const history = page.locator('table').first();
    await expect(history.textContent()).resolves.toMatch(/Test alert for Ops webhook.*delivered.*HTTP 200/s);
    await screenshot(page, 'alert-channel-detail');
  });

  it('sends a test email to every address of an email channel', async () => {
    const page = ownerPage;
    await open(page, `/app/${org}/alert-channels/new`);
    await page.getByLabel('Name').fill('On-call email');
    await page.getByLabel('Kind').selectOption('email');
    await page.getByLabel('Send to').fill('oncall@example.com, boss@example.com');
    await page.getByLabel('Degraded / partial outage').check();
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.waitForURL(/\/alert-channels\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'On-call email', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect(page.getByTestId('test-result').textContent()).resolves.toMatch(/Test delivered/);
    for (const address of ['oncall@example.com', 'boss@example.com']) {
      const mail = await stack.controlPlane.mail.waitFor(address, /Test alert for On-call email/);
      expect(mail.text).toMatch(/the channel works/);
    }

    await open(page, `/app/${org}/alert-channels`);
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(page.locator('table').textContent()).resolves.toMatch(
      /On-call email.*Email.*oncall@example.com, boss@example.com.*degraded/s,
    );
    await screenshot(page, 'alert-channels');

    // Rename it and add a third address; the list shows the change.
    await page.getByRole('link', { name: 'On-call email' }).click();
    await page.getByLabel('Name').fill('On-call team');
    await page.getByLabel('Send to').fill('oncall@example.com\nboss@example.com\ncto@example.com');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await open(page, `/app/${org}/alert-channels`);
    await expect(page.locator('table').textContent()).resolves.toMatch(/On-call team.*cto@example.com/s);
  });

  it('names the wrong setting and keeps everything typed when the API refuses a channel', async () => {
    const page = ownerPage;
    await open(page, `/app/${org}/alert-channels/new`);
    await page.getByLabel('Name').fill('Team chat');
    await page.getByLabel('Kind').selectOption('slack');
    await page.getByLabel('Slack incoming webhook URL').fill('ftp://hooks.example.com/x');
    await page.getByLabel('Incidents opened, updated, resolved').check();
    await page
      .locator('form', { has: page.getByRole('button', { name: 'Create channel' }) })
      .evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Create channel' }).click();
    await expect(page.locator('#f-slackWebhookUrl-error').textContent()).resolves.toMatch(/http/i);
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Team chat');
    await expect(page.getByLabel('Kind').inputValue()).resolves.toBe('slack');
    await expect(page.getByLabel('Slack incoming webhook URL').inputValue()).resolves.toBe(
      'ftp://hooks.example.com/x',
    );
    await expect(page.getByLabel('Incidents opened, updated, resolved').isChecked()).resolves.toBe(true);
  });
});
