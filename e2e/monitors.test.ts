import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql, upsertMembership } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../apps/control-plane/src/test-support/api-client.ts';
import {
  type CountingTarget,
  startCountingTarget,
} from '../apps/control-plane/src/test-support/counting-target.ts';
import {
  type ProbeProcess,
  startProbeProcess,
} from '../apps/control-plane/src/test-support/probe-process.ts';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

/** A relay between the dashboard and the control plane that can cut the line (an unreachable API). */
async function startRelay() {
  const relay = {
    target: '',
    cut: false,
    url: '',
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = createServer((incoming, outgoing) => {
    if (relay.cut) {
      incoming.socket.destroy();
      return;
    }
    const upstream = request(
      `${relay.target}${incoming.url}`,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return relay;
}

// Three real probes (one per region) check a real local target; the dashboard shows what they find.
// The dashboard reaches the control plane through a relay, so a test can make the API unreachable.
const services = await useTestServices();
const relay = await startRelay();
const stack = await startStack(services, { webEnv: { CONTROL_PLANE_URL: relay.url } });
relay.target = stack.controlPlane.url;
const regions = [
  { id: 'eu-west', name: 'EU West' },
  { id: 'us-east', name: 'US East' },
  { id: 'ap-south', name: 'AP South' },
];
let target: CountingTarget;
const probes: ProbeProcess[] = [];
afterAll(async () => {
  await Promise.all(probes.map((probe) => probe.stop()));
  await target?.close();
  await stack.stop();
  await relay.close();
});

// Typing into a server-rendered form before its JavaScript has hydrated it can be wiped.
const hydrated = { waitUntil: 'networkidle' } as const;
const person = {
  name: 'Mona',
  email: 'mona@monitors.test',
  password: 'correct horse battery',
  org: 'Mona Monitors',
};
const orgSlug = 'mona-monitors';
const monitors = `/app/${orgSlug}/monitors`;

beforeAll(async () => {
  target = await startCountingTarget();
  // The first account of a self-hosted install is the operator: it creates the regions and probe tokens.
  const operator = await register('Operators');
  for (const region of regions) {
    const created = await operator.client.post('/admin/regions', { ...region, location: '' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const issued = await operator.client.post('/admin/probe-tokens', {
      regionId: region.id,
      name: region.id,
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    probes.push(
      startProbeProcess({
        grpcPort: stack.controlPlane.grpcPort,
        token: issued.body.token,
        region: region.id,
      }),
    );
  }
  await Promise.all(probes.map((probe) => probe.waitForLine(/connected to the control plane/)));
}, 60_000);

let accounts = 0;
/** Registers an account through the API, sending the dashboard's Origin as the browser would. */
async function register(organizationName: string) {
  accounts += 1;
  const client = new ApiClient(stack.controlPlane.url);
  client.origin = stack.web.url;
  const email = `person${accounts}@monitors.test`;
  const response = await client.post('/auth/register', {
    email,
    password: 'correct horse battery',
    organizationName,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return {
    client,
    orgSlug: response.body.organization.slug as string,
    userId: response.body.user.id as string,
  };
}

/** A browser signed in as `client`'s account (the dashboard's cookie holds the control plane's session). */
async function signedIn(client: ApiClient): Promise<{ page: Page; context: BrowserContext }> {
  const { page, context } = await stack.newPage();
  const token = client.cookie?.split('=')[1] ?? '';
  await context.addCookies([{ name: 'vantage_session', value: token, url: stack.web.url }]);
  return { page, context };
}

/** The list row of the monitor called `name`. */
const rowOf = (page: Page, name: string) =>
  page.locator('tbody tr', { has: page.getByRole('link', { name }) });

describe('the monitor flow', () => {
  it('registers, creates an HTTP monitor, sees it turn green from three regions, and pauses it', async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/register', hydrated);
    await page.getByLabel('Your name').fill(person.name);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByLabel('Organization').fill(person.org);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`**${monitors}**`);
    await page.getByRole('link', { name: 'Create your first monitor' }).click();
    await page.waitForURL(`**${monitors}/new`);
    await page.waitForLoadState('networkidle');

    await page.getByLabel('Name', { exact: true }).fill('Shop');
    await page.getByLabel('URL').fill(target.url('shop'));
    await page.getByLabel('Interval (seconds)').fill('2');
    await page.getByLabel('Timeout (ms)').fill('1500');
    for (const region of regions) {
      await expect(page.getByRole('checkbox', { name: new RegExp(region.name) }).isChecked()).resolves.toBe(
        true,
      );
    }
    await screenshot(page, 'monitor-form');
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await page.waitForURL(new RegExp(`${monitors}/[0-9a-f-]{36}\\?created=1`));
    await expect(page.getByRole('heading', { name: 'Shop' }).isVisible()).resolves.toBe(true);

    // The list refreshes itself: no reload, the row turns green in all three regions.
    await page.goto(monitors, hydrated);
    const row = rowOf(page, 'Shop');
    await row.locator('.status.s-up').waitFor({ timeout: 45_000 });
    await expect.poll(() => row.locator('.region-dots .dot.s-up').count(), { timeout: 30_000 }).toBe(3);
    // Each dot says its region and state (title: a tooltip, and the dot's accessible name).
    const titles = await row.locator('.region-dots .dot').evaluateAll((dots) => dots.map((dot) => dot.title));
    for (const region of regions)
      expect(titles.join('\n')).toMatch(new RegExp(`${region.name}: up, checked`));
    // 30-day uptime comes from the status timeline in ClickHouse, written just after the state changed.
    await expect.poll(() => row.locator('td.num').textContent(), { timeout: 45_000 }).toBe('100.00%');
    expect(target.count('shop')).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'monitors-list');

    await row.getByRole('link', { name: 'Shop' }).click();
    await page.waitForURL(new RegExp(`${monitors}/[0-9a-f-]{36}$`));
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await expect(page.locator('.head .status').textContent()).resolves.toMatch(/Paused/);
    await expect(page.getByText(/This monitor is paused/).isVisible()).resolves.toBe(true);
    await page.goto(monitors, hydrated);
    await expect(rowOf(page, 'Shop').locator('.status').first().textContent()).resolves.toMatch(/Paused/);
    await context.close();
  }, 150_000);
});

describe('monitors of one account', () => {
  const account = { client: null as unknown as ApiClient, orgSlug: '' };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    Object.assign(account, await register('Fleet Co'));
    const specs = [
      { name: 'Checkout API', url: target.url('checkout'), tags: ['payments', 'eu'] },
      { name: 'Marketing site', url: target.url('www'), tags: ['web'] },
      { name: 'Status webhook', url: target.url('hook'), tags: ['eu'] },
    ];
    for (const spec of specs) {
      const created = await account.client.post(`/orgs/${account.orgSlug}/monitors`, {
        type: 'http',
        intervalSeconds: 2,
        timeoutMs: 1500,
        regions: regions.map((region) => region.id),
        ...spec,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[spec.name] = created.body.id;
    }
    await account.client.post(`/orgs/${account.orgSlug}/monitors/${ids['Status webhook']}/pause`);
  });

  it('filters by text, tag and status from the URL, and as the user types', { timeout: 60_000 }, async () => {
    const { page, context } = await signedIn(account.client);
    const base = `/app/${account.orgSlug}/monitors`;
    const names = () => page.locator('tbody tr td.name > a').allTextContents();

    await page.goto(`${base}?q=checkout`, hydrated);
    await expect(names()).resolves.toEqual(['Checkout API']);
    await page.goto(`${base}?tag=eu&sort=name`, hydrated);
    await expect(names()).resolves.toEqual(['Checkout API', 'Status webhook']);
    await page.goto(`${base}?state=paused`, hydrated);
    await expect(names()).resolves.toEqual(['Status webhook']);
    await page.goto(`${base}?q=nothing-like-this`, hydrated);
    await expect(page.getByText(/No monitors match/).isVisible()).resolves.toBe(true);

    await page.goto(base, hydrated);
    await page.getByRole('searchbox', { name: 'Search monitors' }).fill('market');
    await page.waitForURL(/q=market/);
    await expect.poll(names).toEqual(['Marketing site']);
    await context.close();
  });

  it('draws the detail page: response-time charts, 90-day bars, recent checks', async () => {
    const base = `/orgs/${account.orgSlug}/monitors/${ids['Checkout API']}`;
    // Wait until each region has stored a couple of checks.
    await expect
      .poll(async () => (await account.client.get(`${base}/results?limit=20`)).body.items.length, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(6);
    const { page, context } = await signedIn(account.client);
    await page.goto(`/app/${account.orgSlug}/monitors/${ids['Checkout API']}?range=1h`, hydrated);
    await expect(page.getByRole('heading', { name: 'Checkout API' }).isVisible()).resolves.toBe(true);
    // uPlot is loaded on demand and draws into a canvas, one per chart.
    await expect.poll(() => page.locator('.uplot canvas').count(), { timeout: 15_000 }).toBe(2);
    await expect(page.locator('.u-legend').first().textContent()).resolves.toMatch(
      /EU West.*US East.*AP South/s,
    );
    await expect(page.getByRole('slider', { name: /All regions, last 90 days/ }).count()).resolves.toBe(1);
    await expect(page.locator('.daily .bar').count()).resolves.toBe(90 * 4);
    await expect(page.locator('table.checks tbody tr').count()).resolves.toBeGreaterThanOrEqual(6);
    await expect(page.locator('table.checks tbody').textContent()).resolves.toMatch(/OK/);
    await screenshot(page, 'monitor-detail');
    // Dark mode and a phone-sized screen: the charts redraw in the dark palette and fit the width.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 390, height: 800 });
    await expect.poll(() => page.locator('.uplot canvas').count()).toBe(2);
    const width = await page
      .locator('.uplot')
      .first()
      .evaluate((chart) => chart.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'monitor-detail-phone-dark');
    await context.close();
  });

  it('checks the form in the browser, and keeps what was typed when the API refuses it (no JavaScript)', async () => {
    const { page, context } = await signedIn(account.client);
    await page.goto(`/app/${account.orgSlug}/monitors/new`, hydrated);
    await page.getByLabel('Name', { exact: true }).fill('Broken');
    await page.getByLabel('URL').fill('ftp://files.example.com');
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await expect(page.locator('#f-url-error').textContent()).resolves.toMatch(/http:\/\/ or https:\/\//);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Broken');
    expect(page.url()).toMatch(/\/new$/);
    await context.close();

    // Without JavaScript the form posts to the server, which shows the API's own field error.
    const noScript = await stack.browser.newContext({ baseURL: stack.web.url, javaScriptEnabled: false });
    const token = account.client.cookie?.split('=')[1] ?? '';
    await noScript.addCookies([{ name: 'vantage_session', value: token, url: stack.web.url }]);
    const plain = await noScript.newPage();
    await plain.goto(`/app/${account.orgSlug}/monitors/new`);
    await plain.getByLabel('Name', { exact: true }).fill('Still broken');
    await plain.getByLabel('URL').fill('https://example.com/health');
    await plain.getByLabel('Headers').fill('X-Team: core');
    await plain.getByLabel('Timeout (ms)').fill('90000');
    await plain.getByRole('button', { name: 'Create monitor' }).click();
    await plain.waitForLoadState('load');
    await expect(plain.locator('#f-timeoutMs-error').textContent()).resolves.toMatch(
      /60000|60 000|too big|at most/i,
    );
    await expect(plain.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Still broken');
    await expect(plain.getByLabel('URL').inputValue()).resolves.toBe('https://example.com/health');
    await expect(plain.getByLabel('Headers').inputValue()).resolves.toBe('X-Team: core');
    await expect(plain.getByRole('alert').textContent()).resolves.toMatch(/correct the fields/i);
    await noScript.close();
  });

  it('runs "Test now" from one region and shows the result', async () => {
    const { page, context } = await signedIn(account.client);
    await page.goto(`/app/${account.orgSlug}/monitors/new`, hydrated);
    await page.getByLabel('URL').fill(target.url('probe-me'));
    await page.getByLabel('Region', { exact: true }).selectOption('us-east');
    await page.getByRole('button', { name: 'Test now' }).click();
    const result = page.locator('.check[data-region="us-east"]');
    await result.waitFor();
    await expect(result.textContent()).resolves.toMatch(/Passed.*Status\s*200/s);
    await expect(page.getByLabel('URL').inputValue()).resolves.toBe(target.url('probe-me'));
    await context.close();
  });

  it('edits a monitor, then deletes it after a confirmation', async () => {
    const { page, context } = await signedIn(account.client);
    await page.goto(`/app/${account.orgSlug}/monitors/${ids['Marketing site']}`, hydrated);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.waitForURL(/\/edit$/);
    await page.waitForLoadState('networkidle');
    await expect(page.getByLabel('Tags').inputValue()).resolves.toBe('web');
    await page.getByLabel('Name', { exact: true }).fill('Marketing website');
    await page.getByLabel('Have a status of').fill('200, 3xx');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.getByRole('heading', { name: 'Marketing website' }).isVisible()).resolves.toBe(true);
    const stored = await account.client.get(`/orgs/${account.orgSlug}/monitors/${ids['Marketing site']}`);
    expect(stored.body).toMatchObject({
      name: 'Marketing website',
      expectedStatusCodes: [200, '3xx'],
      tags: ['web'],
    });

    await page.getByText('Delete…').click();
    await page.getByRole('button', { name: 'Yes, delete this monitor' }).click();
    await page.waitForURL(/\/monitors\?deleted=1$/);
    await expect(page.getByRole('link', { name: 'Marketing website' }).count()).resolves.toBe(0);
    expect(
      (await account.client.get(`/orgs/${account.orgSlug}/monitors/${ids['Marketing site']}`)).status,
    ).toBe(404);
    await context.close();
  });

  it('keeps the list on screen with a banner while the API cannot be reached, and recovers', {
    timeout: 60_000,
  }, async () => {
    const { page, context } = await signedIn(account.client);
    await page.goto(`/app/${account.orgSlug}/monitors`, hydrated);
    await rowOf(page, 'Checkout API').waitFor();
    relay.cut = true;
    try {
      // The list refreshes itself every 10 seconds; the next refresh finds the API gone.
      await page.getByText(/cannot be reached right now/).waitFor({ timeout: 25_000 });
      await expect(rowOf(page, 'Checkout API').isVisible()).resolves.toBe(true);
      await screenshot(page, 'monitors-unreachable');
    } finally {
      relay.cut = false;
    }
    await page.getByText(/cannot be reached right now/).waitFor({ state: 'detached', timeout: 25_000 });
    await expect(rowOf(page, 'Checkout API').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('shows a viewer the monitors without any write controls', async () => {
    const viewer = await register('Viewer Home');
    const orgId = String(
      await services.db.oneFirst(sql.unsafe`SELECT id FROM organizations WHERE slug = ${account.orgSlug}`),
    );
    await upsertMembership(services.db, orgId, viewer.userId, 'viewer');
    const { page, context } = await signedIn(viewer.client);
    await page.goto(`/app/${account.orgSlug}/monitors`, hydrated);
    await rowOf(page, 'Checkout API').waitFor();
    await expect(page.getByRole('link', { name: 'New monitor' }).count()).resolves.toBe(0);
    await page.goto(`/app/${account.orgSlug}/monitors/${ids['Checkout API']}`, hydrated);
    await page.getByRole('heading', { name: 'Checkout API' }).waitFor();
    for (const name of ['Edit', 'Pause', 'Check now']) {
      await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name, exact: true }).count()).resolves.toBe(0);
    }
    await expect(page.getByText('Delete…').count()).resolves.toBe(0);
    await page.goto(`/app/${account.orgSlug}/monitors/new`, hydrated);
    await expect(page.getByText(/can view monitors but not create them/).isVisible()).resolves.toBe(true);
    await context.close();
  });
});
