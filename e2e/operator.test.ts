import { useTestServices } from '@vantage/testing';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../apps/control-plane/src/test-support/api-client.ts';
import {
  type ProbeProcess,
  startProbeProcess,
} from '../apps/control-plane/src/test-support/probe-process.ts';
import { probeVersion } from '../apps/probe/src/version.ts';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

const services = await useTestServices();
const stack = await startStack(services);
const probes: ProbeProcess[] = [];
afterAll(async () => {
  await Promise.all(probes.map((probe) => probe.kill()));
  await stack.stop();
});

/** Opens a page and waits until it has hydrated: typing into a page still hydrating can be wiped. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}

/** Signs up in the browser; the first account of a self-hosted install is an operator. */
async function signUp(page: Page, email: string, organizationName: string): Promise<void> {
  await open(page, '/register');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Organization').fill(organizationName);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Only the address matters here: the monitors page it lands on is tested elsewhere.
  await page.waitForURL(/\/app\/[a-z0-9-]+\//, { waitUntil: 'commit' });
}

const { page, context } = await stack.newPage();
afterAll(() => context.close());
await signUp(page, 'operator@example.com', 'Platform Team');

/** The operator's own API session (the dashboard's cookie holds the control plane's session). */
async function operatorApi(): Promise<ApiClient> {
  const session = (await context.cookies(stack.web.url)).find((cookie) => cookie.name === 'vantage_session');
  const client = new ApiClient(stack.controlPlane.url);
  client.cookie = `vantage_session=${session?.value ?? ''}`;
  client.origin = stack.web.url;
  return client;
}

/** Waits (the console refreshes itself every few seconds) until `read` holds, or fails after the deadline. */
async function until(read: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const liveProbeRow = (region: string) => page.locator(`tr[data-probe-region="${region}"]`);
const cellOf = async (region: string, column: string) =>
  (await liveProbeRow(region).locator(`[data-col="${column}"]`).textContent())?.trim();

async function createRegion(id: string, name: string, location: string): Promise<void> {
  await page.getByLabel('Region id').fill(id);
  await page.getByLabel('Region name').fill(name);
  await page.getByLabel('Location').fill(location);
  await page.getByRole('button', { name: 'Create region' }).click();
  await page.getByRole('status').getByText(`Region ${id} created`).waitFor();
}

/** Issues a token on the region's page and returns the secret shown once. */
async function issueToken(region: string, name: string): Promise<string> {
  await open(page, `/admin/regions/${region}`);
  await page.getByLabel('Probe name').fill(name);
  await page.getByRole('button', { name: 'Issue token' }).click();
  const token = (await page.getByTestId('probe-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^vp_/);
  return token;
}

describe('operator console', () => {
  it('creates regions, issues tokens, and shows three live probes with versions and assigned monitors, and a region without one in red', async () => {
    await open(page, '/app/platform-team/incidents');
    await page.getByRole('link', { name: 'Operator console' }).click();
    await page.waitForURL(/\/admin$/);
    await page.getByText('No regions yet').waitFor();
    const regions = [
      ['eu-west', 'Europe West', 'Frankfurt, DE'],
      ['us-east', 'US East', 'Ashburn, US'],
      ['ap-southeast', 'Asia Pacific', 'Singapore'],
      ['sa-east', 'South America', 'São Paulo, BR'],
    ] as const;
    for (const [id, name, location] of regions) await createRegion(id, name, location);
    const live = ['eu-west', 'us-east', 'ap-southeast'];

    // Two monitors checked from the three regions: each region's one probe is assigned both.
    const api = await operatorApi();
    for (const name of ['Checkout', 'Search']) {
      const created = await api.post('/orgs/platform-team/monitors', {
        type: 'http',
        name,
        url: `http://127.0.0.1:9/${name.toLowerCase()}`,
        intervalSeconds: 30,
        regions: live,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }

    for (const region of live) {
      const token = await issueToken(region, `${region}-1`);
      const probe = startProbeProcess({ grpcPort: stack.controlPlane.grpcPort, token, region });
      probes.push(probe);
    }
    await Promise.all(probes.map((probe) => probe.waitForLine(/connected to the control plane/)));

    await open(page, '/admin');
    await until(async () => {
      const assigned = await Promise.all(live.map((region) => cellOf(region, 'assigned').catch(() => '')));
      return assigned.every((count) => count === '2');
    }, 'three live probes with two monitors each');
    await expect(page.locator('tr[data-probe]').count()).resolves.toBe(3);
    for (const region of live) {
      await expect(liveProbeRow(region).textContent()).resolves.toContain(`${region}-1`);
      await expect(cellOf(region, 'version')).resolves.toBe(probeVersion);
      await expect(cellOf(region, 'last-seen')).resolves.toMatch(/^\d+ s ago$/);
      const regionRow = page.locator(`tr[data-region="${region}"]`);
      await expect(regionRow.locator('[data-col="live"]').textContent()).resolves.toBe('1 probe');
      await expect(regionRow.getAttribute('class')).resolves.not.toMatch(/\bdark\b/);
    }
    // Buffer depth arrives with the probe's first status report, right after it is welcomed.
    await until(
      async () =>
        (await Promise.all(live.map((region) => cellOf(region, 'buffer')))).every((cell) =>
          /^\d+$/.test(cell ?? ''),
        ),
      'buffer depth from every probe',
    );
    const dark = page.locator('tr[data-region="sa-east"]');
    await expect(dark.getAttribute('class')).resolves.toMatch(/\bdark\b/);
    await expect(dark.locator('.no-probe').textContent()).resolves.toBe('No live probe');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/No live probe in region sa-east/);
    await screenshot(page, 'operator-console');

    await open(page, '/admin/regions/eu-west');
    await expect(cellOf('eu-west', 'version')).resolves.toBe(probeVersion);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
  });

  it('turns a region red once its only probe stops', async () => {
    await open(page, '/admin');
    const region = page.locator('tr[data-region="ap-southeast"]');
    await expect(region.getAttribute('class')).resolves.not.toMatch(/\bdark\b/);
    const probe = probes[2]!;
    await probe.stop();
    // No reload: the console refreshes itself.
    await until(
      async () => /\bdark\b/.test((await region.getAttribute('class')) ?? ''),
      'ap-southeast in red',
    );
    await expect(region.locator('.no-probe').textContent()).resolves.toBe('No live probe');
    await expect(region.textContent()).resolves.toMatch(/last connect \d+ (s|min) ago/);
    await expect(page.locator('tr[data-probe]').count()).resolves.toBe(2);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /No live probe in regions sa-east, ap-southeast|No live probe in regions ap-southeast, sa-east/,
    );
    await screenshot(page, 'operator-console-region-down');
  });

  it('shows a token once, revokes it, and deletes the region', async () => {
    const token = await issueToken('sa-east', 'spare');
    await expect(page.locator('pre').textContent()).resolves.toContain(`--token ${token} --region sa-east`);
    await open(page, '/admin/regions/sa-east');
    await expect(page.content()).resolves.not.toContain(token);
    await page.getByRole('button', { name: 'Revoke token spare' }).click();
    await page.locator('tr.revoked').getByText('spare').waitFor();
    await expect(page.getByRole('button', { name: 'Revoke token spare' }).count()).resolves.toBe(0);
    await screenshot(page, 'operator-region');

    await page.getByText('Delete region…').click();
    await page.getByRole('button', { name: 'Yes, delete region' }).click();
    await page.waitForURL(/\/admin\?deleted=sa-east$/);
    await page.getByRole('status').getByText('Region sa-east deleted.').waitFor();
    await expect(page.locator('tr[data-region]').count()).resolves.toBe(3);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /No live probe in region ap-southeast/,
    );
  });

  it('sets an organization plan', async () => {
    await open(page, '/admin/organizations');
    const row = page.locator('tr', { hasText: 'Platform Team' });
    await row.getByRole('combobox').selectOption('pro');
    await row.getByRole('button', { name: 'Set plan' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/is now on the pro plan/);
    await page.reload();
    await screenshot(page, 'operator-organizations');
    await expect(
      page.locator('tr', { hasText: 'Platform Team' }).getByRole('combobox').inputValue(),
    ).resolves.toBe('pro');
  });

  it('is not there for anyone but operators', async () => {
    const other = await stack.newPage();
    await signUp(other.page, 'customer@example.com', 'Customer Inc');
    await open(other.page, '/app/customer-inc/incidents');
    await other.page.getByRole('link', { name: 'Alert channels' }).waitFor();
    await expect(other.page.getByRole('link', { name: 'Operator console' }).count()).resolves.toBe(0);
    const response = await other.page.goto('/admin');
    expect(response?.status()).toBe(404);
    await other.context.close();
  });
});
