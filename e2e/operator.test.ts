import { useTestServices } from '@vantage/testing';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ProbeProcess,
  startProbeProcess,
} from '../apps/control-plane/src/test-support/probe-process.ts';
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
  it('creates regions, issues tokens, and shows three connected probes and a region without one in red', async () => {
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

    for (const [region] of regions.slice(0, 3)) {
      const token = await issueToken(region, `${region}-1`);
      const probe = startProbeProcess({ grpcPort: stack.controlPlane.grpcPort, token, region });
      probes.push(probe);
    }
    await Promise.all(probes.map((probe) => probe.waitForLine(/connected to the control plane/)));

    await open(page, '/admin');
    const probeRows = page.locator('tr[data-probe]');
    await expect(probeRows.count()).resolves.toBe(3);
    for (const region of ['eu-west', 'us-east', 'ap-southeast']) {
      const row = probeRows.filter({ hasText: `${region}-1` });
      await expect(row.textContent()).resolves.toMatch(new RegExp(region));
      await expect(row.textContent()).resolves.not.toMatch(/never connected/);
      await expect(page.locator(`tr[data-region="${region}"]`).textContent()).resolves.toMatch(/1 probe/);
    }
    const dark = page.locator('tr[data-region="sa-east"]');
    await expect(dark.getAttribute('class')).resolves.toMatch(/\bdark\b/);
    await expect(dark.locator('.no-probe').textContent()).resolves.toBe('No probe');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /No probe has connected to region sa-east/,
    );
    await screenshot(page, 'operator-console');
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
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
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
