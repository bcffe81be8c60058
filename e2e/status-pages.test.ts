import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StatusEvent } from '@vantage/domain';
import { writeStatusEvents } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../apps/control-plane/src/evaluator/evaluator.ts';
import { ApiClient } from '../apps/control-plane/src/test-support/api-client.ts';
import { checkResult } from '../apps/control-plane/src/test-support/results.ts';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';
import { reserveWebPort, startTestWeb } from './support/web.ts';

// A page during a one-region outage: real evaluator state (results fed to the control plane's evaluator),
// 90 days of history on the status timeline, an incident whose update holds markup.
const services = await useTestServices();
// Renders stay fresh 1 s here, so a test sees the state it just made without waiting out 10 s.
const stack = await startStack(services, { webEnv: { STATUS_PAGE_CACHE_SECONDS: '1' } });
const evaluator = createEvaluator(stack.controlPlane.context);
afterAll(async () => {
  await evaluator.stop();
  await stack.stop();
});

const regions = [
  { id: 'eu-west', name: 'EU West' },
  { id: 'us-east', name: 'US East' },
  { id: 'ap-south', name: 'AP South' },
];
const owner = new ApiClient(stack.controlPlane.url);
owner.origin = stack.web.url;
const registered = await owner.post('/auth/register', {
  email: 'pat@status.test',
  password: 'correct horse battery',
  organizationName: 'Acme',
});
expect(registered.status, JSON.stringify(registered.body)).toBe(201);
const org = registered.body.organization.slug as string;
const orgId = registered.body.organization.id as string;
for (const region of regions) {
  expect((await owner.post('/admin/regions', { ...region, location: '' })).status).toBe(201);
}

async function created(path: string, body: unknown) {
  const response = await owner.post(`/orgs/${org}${path}`, body);
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}
const monitor = (name: string) =>
  created('/monitors', {
    type: 'http',
    name,
    url: 'http://93.184.215.14/',
    intervalSeconds: 60,
    regions: regions.map((r) => r.id),
  });
const api = await monitor('API');
const website = await monitor('Website');

// History: everything up for 90 days, us-east of the API down for 30 minutes three days ago.
const day = 86_400_000;
const todayMs = Math.floor(Date.now() / day) * day;
const startMs = todayMs - 89 * day;
const outageMs = todayMs - 3 * day + 10 * 3_600_000;
const event = (monitorId: string, atMs: number, to: string, region = ''): StatusEvent => ({
  eventId: `${monitorId}|${region}|${atMs}|${to}`,
  orgId,
  monitorId,
  scope: region ? 'region' : 'monitor',
  region,
  from: '',
  to,
  at: new Date(atMs),
  failure: null,
  error: null,
  affectedRegions: [],
});
await writeStatusEvents(stack.controlPlane.context.results, [
  ...[api.id, website.id].flatMap((id: string) => [
    event(id, startMs, 'up'),
    ...regions.map((r) => event(id, startMs, 'up', r.id)),
  ]),
  event(api.id, outageMs, 'down', 'us-east'),
  event(api.id, outageMs + 30 * 60_000, 'up', 'us-east'),
]);
// Now: the API fails twice in us-east and passes elsewhere; the website passes everywhere.
const t = Date.now() - 10_000;
await evaluator.accept(
  [api.id, website.id].flatMap((monitorId: string) =>
    regions.flatMap((region) =>
      [0, 1].map((i) => {
        const failing = monitorId === api.id && region.id === 'us-east';
        return checkResult(monitorId, {
          region: region.id,
          startedAt: new Date(t + i * 1000),
          ok: !failing,
          failure: failing ? 'timeout' : null,
          statusCode: failing ? null : 200,
        });
      }),
    ),
  ),
);

const slug = 'acme-status';
const statusPage = await created('/status-pages', {
  title: 'Acme status',
  slug,
  description: 'Live status of the Acme platform',
  branding: { brandColor: '#1f2937' },
  footerLinks: [{ label: 'Acme home', url: 'https://acme.example' }],
});
const core = await created(`/status-pages/${statusPage.id}/groups`, { name: 'Core services' });
await created(`/status-pages/${statusPage.id}/components`, {
  name: 'API',
  groupId: core.id,
  monitorId: api.id,
});
await created(`/status-pages/${statusPage.id}/components`, { name: 'Website', monitorId: website.id });
expect(
  (
    await owner.put(`/orgs/${org}/status-pages/${statusPage.id}/custom-domain`, {
      hostname: 'status.acme.test',
    })
  ).status,
).toBe(200);
const secret = await created('/status-pages', { title: 'Internal status', slug: 'internal-status' });
expect(
  (await owner.put(`/orgs/${org}/status-pages/${secret.id}/password`, { password: 'open sesame' })).status,
).toBe(200);

// The evaluator opened an incident for the regional outage; an update with markup follows.
const incident = await eventually(async () => {
  const list = await owner.get(`/orgs/${org}/incidents`);
  return list.body.items.find((item: { status: string }) => item.status !== 'resolved');
});
await created(`/incidents/${incident.id}/updates`, {
  status: 'identified',
  message: 'A router in <script>alert("us-east")</script> drops packets',
});

/** Polls `read` until it returns something truthy. */
async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** GET through plain HTTP with any Host header (a custom domain pointing at this server). */
function getWithHost(
  path: string,
  host: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: stack.web.port, path, headers: { host } },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
        );
      },
    );
    request.on('error', reject).end();
  });
}

/** The part of the browser's XML DOM the feed test reads. */
interface XmlDocument {
  documentElement: { nodeName: string };
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): Iterable<{ textContent: string | null }>;
}
type XmlParser = new () => { parseFromString(text: string, type: string): XmlDocument };

/** Parses XML with the browser's own parser; reports its error, root element and item titles. */
function parseXml(page: Page, xml: string) {
  return page.evaluate((text) => {
    const Parser = (globalThis as unknown as { DOMParser: XmlParser }).DOMParser;
    const doc = new Parser().parseFromString(text, 'application/xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      titles: [...doc.querySelectorAll('item > title, entry > title')].map((node) => node.textContent),
      bodies: [...doc.querySelectorAll('item > description, entry > content')].map(
        (node) => node.textContent,
      ),
    };
  }, xml);
}

describe('a public status page during a regional outage', () => {
  it('shows the partial outage, the region grid and the incident with its updates', async () => {
    const { page, context } = await stack.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`/s/${slug}`);
    await page.getByRole('heading', { name: 'Partial outage', level: 1 }).waitFor();

    const grid = page.locator('table', { has: page.getByRole('columnheader', { name: 'US East' }) });
    const apiRow = grid.getByRole('row', { name: /API/ });
    // Columns follow the page's region order; the first header is the component column.
    const eastColumn = (await grid.locator('thead th').allTextContents()).indexOf('US East') - 1;
    await expect(apiRow.locator('td').nth(eastColumn).textContent()).resolves.toMatch(/Outage/);
    await expect(apiRow.locator('td .status.s-up').count()).resolves.toBe(2);

    const card = page.locator('article.incident').first();
    await expect(card.textContent()).resolves.toMatch(/Affected regions:\s*US East/);
    // Customer text is shown as text: the markup is visible, nothing ran.
    await card.getByText('A router in <script>alert("us-east")</script> drops packets').waitFor();
    expect(errors).toEqual([]);

    // Times are rendered in UTC by the server and shown in the visitor's zone once the page runs.
    const shown = await page.locator('.overall time').textContent();
    expect(shown).not.toMatch(/UTC$/);
    // 90 daily bars per component, each with a tooltip; the outage day says how long it was down.
    const bars = page.getByRole('list', { name: /^API, last 90 days/ }).locator('li');
    await expect(bars.count()).resolves.toBe(90);
    await screenshot(page, 'status-page');

    await page.getByRole('link', { name: 'Per region' }).click();
    await page.waitForURL(/view=regions/);
    const east = page.getByRole('list', { name: /^API in US East, last 90 days/ }).locator('li');
    const outageDay = await east.nth(86).getAttribute('data-tip');
    expect(outageDay).toMatch(/: outage, 97\.92% uptime, 30 min down$/);
    await context.close();
  });

  it('lists past incidents by month on the history page', async () => {
    const { page, context } = await stack.newPage();
    await page.goto(`/s/${slug}/history`);
    await page.getByRole('heading', { name: 'Incident history', level: 1 }).waitFor();
    const month = new Date().toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const section = page.getByRole('region', { name: month });
    await expect(section.locator('article.incident').count()).resolves.toBe(1);
    await screenshot(page, 'status-page-history');
    await context.close();
  });

  it('publishes RSS and Atom feeds that parse as XML and keep incident text as text', async () => {
    const { page, context } = await stack.newPage();
    await page.goto(`/s/${slug}`);
    for (const [path, root] of [
      ['feed.rss', 'rss'],
      ['feed.atom', 'feed'],
    ]) {
      const response = await fetch(`${stack.web.url}/s/${slug}/${path}`);
      expect(response.headers.get('content-type')).toMatch(root === 'rss' ? /rss\+xml/ : /atom\+xml/);
      const parsed = await parseXml(page, await response.text());
      expect(parsed.error).toBeNull();
      expect(parsed.root).toBe(root);
      expect(parsed.titles).toEqual([expect.stringMatching(/^API is/)]);
      // The HTML body shows the markup as text once a reader renders it.
      expect(parsed.bodies[0]).toContain('&lt;script&gt;alert(&quot;us-east&quot;)&lt;/script&gt;');
    }
    await context.close();
  });

  it('serves the machine endpoints: JSON with CORS, badges, the widget', async () => {
    const json = await fetch(`${stack.web.url}/s/${slug}/status.json`);
    expect(json.headers.get('access-control-allow-origin')).toBe('*');
    const state = (await json.json()) as {
      status: { indicator: string };
      components: { id: string; name: string; regions: { id: string; status: string }[] }[];
    };
    expect(state.status.indicator).toBe('partial_outage');
    const apiComponent = state.components.find((c) => c.name === 'API')!;
    expect(apiComponent.regions.find((r) => r.id === 'us-east')?.status).toBe('down');
    const etag = json.headers.get('etag') ?? '';
    expect(
      (await fetch(`${stack.web.url}/s/${slug}/status.json`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
    const badge = await fetch(`${stack.web.url}/s/${slug}/badge/${apiComponent.id}.svg?type=uptime`);
    expect(badge.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(badge.headers.get('cache-control')).toMatch(/public, max-age=/);
    expect(await badge.text()).toMatch(/API uptime/);
    const widget = await (await fetch(`${stack.web.url}/s/${slug}/widget.js`)).text();
    expect(widget).toContain(`${stack.web.url}/s/${slug}/embed`);
    const embed = await (await fetch(`${stack.web.url}/s/${slug}/embed`)).text();
    expect(embed).toMatch(/Partial outage/);
  });

  it('serves the page on its custom domain (by Host header); unknown hosts and slugs get a 404', async () => {
    const page = await getWithHost('/', `status.acme.test:${stack.web.port}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<h1[^>]*>Partial outage<\/h1>/);
    expect(page.body).toContain('href="/history"');
    const history = await getWithHost('/history', 'status.acme.test');
    expect(history.body).toMatch(/Incident history/);
    expect((await getWithHost('/', 'status.unknown.test')).status).toBe(404);
    expect((await getWithHost('/app/acme', 'status.acme.test')).status).toBe(404);
    expect((await fetch(`${stack.web.url}/s/no-such-page`)).status).toBe(404);
  });

  it('asks for the password of a protected page, refuses a wrong one, and lets the right one in', async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/s/internal-status');
    await expect(page.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe('noindex');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'View status' }).click();
    await page.getByText('Wrong password').waitFor();
    await page.getByLabel('Password').fill('open sesame');
    await page.getByRole('button', { name: 'View status' }).click();
    await page.getByRole('heading', { name: 'All systems operational' }).waitFor();
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({
      name: 'vantage_status_access',
      path: '/s/internal-status',
      httpOnly: true,
    });
    const direct = await fetch(`${stack.web.url}/s/internal-status`, {
      headers: { cookie: `${cookie!.name}=${cookie!.value}` },
    });
    expect(direct.headers.get('cache-control')).toBe('private, no-store');
    await context.close();
  });

  it('subscribes by email and confirms through the emailed link (real SMTP)', async () => {
    const { page, context } = await stack.newPage();
    await page.goto(`/s/${slug}`);
    await page.getByText('Get updates').click();
    await page.getByLabel('Email address').fill('not-an-email');
    await page
      .locator('#subscribe-email')
      .evaluate((input) => input.closest('form')?.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await page.locator('#subscribe-email-error').waitFor();
    await page.getByLabel('Email address').fill('reader@status.test');
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await page.getByText(/we sent a confirmation link to reader@status.test/).waitFor();
    const mail = await stack.controlPlane.mail.waitFor('reader@status.test', /confirm/i);
    const link = /https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(mail.text)?.[0] ?? '';
    expect(link.startsWith(`${stack.web.url}/s/${slug}/`)).toBe(true);
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    const subscribers = await owner.get(`/orgs/${org}/status-pages/${statusPage.id}/subscribers`);
    expect(subscribers.body.items).toEqual([
      expect.objectContaining({ email: 'reader@status.test', status: 'confirmed' }),
    ]);

    // The mail provider's one-click unsubscribe (RFC 8058): a POST to the List-Unsubscribe link, no Origin.
    const unsubscribeLink = /<(https?:\/\/[^>]+)>/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
    expect(unsubscribeLink).toContain('/unsubscribe?token=');
    const oneClick = await fetch(unsubscribeLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const after = await owner.get(`/orgs/${org}/status-pages/${statusPage.id}/subscribers`);
    expect(after.body.items).toEqual([
      expect.objectContaining({ email: 'reader@status.test', status: 'unsubscribed' }),
    ]);
    await context.close();
  });

  it('keeps serving the last good page, marked with its time, while the control plane is unreachable', async () => {
    // A second dashboard behind a switchable proxy to the same control plane.
    let reachable = true;
    const proxy = createServer(async (request, response) => {
      if (!reachable) return request.socket.destroy();
      const upstream = await fetch(`${stack.controlPlane.url}${request.url}`, {
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(([, value]) => typeof value === 'string') as [
            string,
            string,
          ][],
        ),
      });
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = await reserveWebPort();
    const web = await startTestWeb({
      port,
      controlPlaneUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      env: { STATUS_PAGE_CACHE_SECONDS: '1' },
    });
    try {
      const fresh = await fetch(`${web.url}/s/${slug}`);
      expect(await fresh.text()).toMatch(/Partial outage/);
      reachable = false;
      // Once the 1 s freshness is over, the render fails and the last good one is served, marked.
      const deadline = Date.now() + 10_000;
      let stale: { status: number; body: string } = { status: 0, body: '' };
      while (!/Showing data as of/.test(stale.body) && Date.now() < deadline) {
        const response = await fetch(`${web.url}/s/${slug}`);
        stale = { status: response.status, body: await response.text() };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(stale.status).toBe(200);
      expect(stale.body).toMatch(/Partial outage/);
      expect(stale.body).toMatch(
        /Live status is temporarily unavailable\. Showing data as of <time datetime="[^"]+Z">/,
      );
      // A page never rendered before says it is unavailable (503), not a stack trace.
      const never = await fetch(`${web.url}/s/internal-status`);
      expect(never.status).toBe(503);
      expect(await never.text()).toMatch(/Status temporarily unavailable/);
    } finally {
      await web.stop();
      proxy.closeAllConnections();
      proxy.close();
    }
  });
});
