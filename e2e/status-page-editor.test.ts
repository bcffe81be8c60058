import { upsertMembership } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../apps/control-plane/src/test-support/api-client.ts';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

// The status page editor: create a page, fill it with components and groups, reorder them by keyboard
// and by dragging, brand it, give it a domain and a password, and see the public page follow.
const services = await useTestServices();
const stack = await startStack(services);
afterAll(() => stack.stop());

const hydrated = { waitUntil: 'networkidle' } as const;

/** An account registered through the API, sending the dashboard's Origin as the browser would. */
async function register(email: string, organizationName: string) {
  const client = new ApiClient(stack.controlPlane.url);
  client.origin = stack.web.url;
  const response = await client.post('/auth/register', {
    email,
    password: 'correct horse battery',
    organizationName,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return {
    client,
    org: response.body.organization.slug as string,
    orgId: response.body.organization.id as string,
    userId: response.body.user.id as string,
  };
}

/** A browser signed in as `client`'s account. */
async function signedIn(client: ApiClient): Promise<{ page: Page; context: BrowserContext }> {
  const { page, context } = await stack.newPage();
  await context.addCookies([
    { name: 'vantage_session', value: client.cookie?.split('=')[1] ?? '', url: stack.web.url },
  ]);
  return { page, context };
}

const owner = await register('editor@status.test', 'Editors');
for (const region of [
  { id: 'eu-west', name: 'EU West' },
  { id: 'us-east', name: 'US East' },
]) {
  expect((await owner.client.post('/admin/regions', { ...region, location: '' })).status).toBe(201);
}
for (const name of ['API', 'Website']) {
  const created = await owner.client.post(`/orgs/${owner.org}/monitors`, {
    type: 'http',
    name,
    url: 'http://93.184.215.14/',
    intervalSeconds: 60,
    regions: ['eu-west', 'us-east'],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

/** Names of the components in page order, as a list of the editor or the public page shows them. */
const namesIn = (page: Page, selector: string) => page.locator(selector).allTextContents();

/** Adds a component through the editor's form. */
async function addComponent(page: Page, name: string, options: { monitor?: string; group?: string }) {
  const form = page.locator('form[action="?/addComponent"]');
  if (!(await form.isVisible())) await page.getByText('Add a component').click();
  await form.getByLabel('Name').fill(name);
  if (options.group) await form.getByLabel('Group').selectOption({ label: options.group });
  await form.getByLabel('Monitor').selectOption(options.monitor ? { label: options.monitor } : { value: '' });
  await form.getByRole('button', { name: 'Add component' }).click();
  await page.locator('.component .name', { hasText: name }).waitFor();
}

describe('the status page editor', () => {
  it('creates a page, adds components and groups, reorders them, brands it and shows it publicly', async () => {
    const { page, context } = await signedIn(owner.client);
    await page.goto(`/app/${owner.org}/status-pages`, hydrated);
    await page.getByText('No status pages yet').waitFor();
    await page.getByRole('link', { name: 'New status page' }).click();
    await page.waitForURL(/\/status-pages\/new$/);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Title').fill('Editors Status');
    // The address follows the title until it is edited.
    await expect(page.getByLabel('Address').inputValue()).resolves.toBe('editors-status');
    await page.getByRole('button', { name: 'Create status page' }).click();
    await page.waitForURL(/\/status-pages\/[0-9a-f-]{36}\?created=1$/);
    await page.waitForLoadState('networkidle');
    await page.getByText('The page is live at').waitFor();

    await page.getByText('Add a group').click();
    await page.getByLabel('Group name').fill('Core');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByRole('heading', { name: 'Core', level: 3 }).waitFor();
    await addComponent(page, 'API', { monitor: 'API', group: 'Core' });
    await addComponent(page, 'Website', { monitor: 'Website', group: 'Core' });
    await addComponent(page, 'Support desk', {});
    expect(await namesIn(page, '.component .name')).toEqual(['API', 'Website', 'Support desk']);

    // Keyboard: focus "Move Website up" and press Enter; the focus stays on the moved component (on its
    // other button: at the top, "up" is disabled).
    await page.getByRole('button', { name: 'Move Website up' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => namesIn(page, '.component .name'), { timeout: 5_000 })
      .toEqual(['Website', 'API', 'Support desk']);
    await expect.poll(() => page.locator(':focus').getAttribute('aria-label')).toBe('Move Website down');

    // Mouse: drag "Support desk" into the Core group, before API; the new order is saved at once.
    const saved = page.waitForResponse((response) => response.url().endsWith('?/layout'));
    await page
      .locator('li.component', { has: page.locator('.name', { hasText: 'Support desk' }) })
      .dragTo(page.locator('li.component', { has: page.locator('.name', { hasText: 'API' }) }));
    await expect
      .poll(() => namesIn(page, '.component .name'), { timeout: 5_000 })
      .toEqual(['Website', 'Support desk', 'API']);
    expect((await saved).status()).toBe(200);
    await page.reload(hydrated);
    expect(await namesIn(page, '.component .name')).toEqual(['Website', 'Support desk', 'API']);

    // Branding with a live preview, then saved.
    await page.getByLabel('Header color', { exact: true }).fill('#0b3d2e');
    await expect(page.locator('.preview').getAttribute('style')).resolves.toContain('--brand: #0b3d2e');
    await page.getByLabel('Link 1 label').fill('Editors home');
    await page.getByLabel('Link 1 URL').fill('https://editors.example');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await page.getByText('Branding saved.').waitFor();

    // A custom domain shows the DNS record to create.
    await page.getByRole('textbox', { name: 'Custom domain' }).fill('status.editors.test');
    await page.getByRole('button', { name: 'Use this domain' }).click();
    const dns = page.getByTestId('dns-instructions');
    await expect(dns.textContent()).resolves.toMatch(/CNAME\s*status\.editors\.test\s*127\.0\.0\.1/);
    await screenshot(page, 'status-page-editor');

    // The public page shows the components in the new order, in the page's colors.
    const visitor = await stack.newPage();
    await visitor.page.goto('/s/editors-status');
    await visitor.page.getByRole('heading', { name: 'Core', level: 2 }).waitFor();
    expect(await namesIn(visitor.page, '.component .name')).toEqual(['Website', 'Support desk', 'API']);
    await expect(visitor.page.locator('.public').getAttribute('style')).resolves.toContain(
      '--brand: #0b3d2e',
    );
    await visitor.page.getByRole('link', { name: 'Editors home' }).waitFor();
    await visitor.context.close();

    // A password makes the page ask for it at once: the editor drops the server's cached render (a
    // browser that saw the page in the last 10 s may still show it from its own cache).
    await page.getByLabel('Password', { exact: true }).fill('editors only');
    await page.getByRole('button', { name: 'Protect with this password' }).click();
    await page.locator('#access .pill', { hasText: 'Protected' }).waitFor();
    const newcomer = await stack.newPage();
    await newcomer.page.goto('/s/editors-status');
    await newcomer.page.getByRole('button', { name: 'View status' }).waitFor();
    await newcomer.context.close();
    await page.getByRole('button', { name: 'Remove password' }).click();
    await page.locator('#access .pill', { hasText: 'Public' }).waitFor();
    await context.close();
  }, 90_000);

  it('shows a viewer the page without any control that changes it', async () => {
    const viewer = await register('viewer@status.test', 'Viewer Co');
    await upsertMembership(services.db, owner.orgId, viewer.userId, 'viewer');
    const { page, context } = await signedIn(viewer.client);
    await page.goto(`/app/${owner.org}/status-pages`, hydrated);
    await page.getByRole('link', { name: 'Editors Status' }).click();
    await page.getByText("Your role can view this page's settings but not change them.").waitFor();
    expect(await namesIn(page, '.component .name')).toEqual(['Website', 'Support desk', 'API']);
    await expect(page.getByRole('button', { name: /^Move / }).count()).resolves.toBe(0);
    await expect(page.getByText('Add a component').count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'New status page' }).count()).resolves.toBe(0);
    await context.close();
  });
});
