import type { StatusEvent } from '@vantage/domain';
import { writeStatusEvents } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startEvaluatorFixture } from '../../test-support/evaluator.ts';
import { httpBody, orgIdOf } from '../../test-support/monitors.ts';
import { checkResult, setPlan, storeMonitor } from '../../test-support/results.ts';

// Self-hosted: the unlimited plan (branding, custom domains, passwords). The evaluator turns results into
// the live per-region state; the 90-day history is written to the status timeline directly.
const services = await useTestServices();
const { evaluator, url } = await startEvaluatorFixture(services);
const owner = await registerUser(url);
const orgId = await orgIdOf(services, owner.orgSlug);
const visitor = new ApiClient(url);
const regions = ['eu-west', 'us-east', 'ap-south'];
const api = await storeMonitor(services, orgId, httpBody({ name: 'API', regions }));
const website = await storeMonitor(services, orgId, httpBody({ name: 'Website', regions: ['eu-west'] }));
const elsewhere = await storeMonitor(services, orgId, httpBody({ name: 'Internal', regions: ['eu-west'] }));

const minute = 60_000;
const day = 86_400_000;
const todayMs = Math.floor(Date.now() / day) * day;
// Yesterday 10:15–10:45 UTC us-east was down while the monitor as a whole stayed up.
const outageMs = todayMs - day + 10 * 60 * minute + 15 * minute;
const event = (atMs: number, to: string, region = ''): StatusEvent => ({
  eventId: `${api.id}|${region}|${atMs}|${to}`,
  orgId,
  monitorId: api.id,
  scope: region ? 'region' : 'monitor',
  region,
  from: '',
  to,
  at: new Date(atMs),
  failure: null,
  error: null,
  affectedRegions: [],
});
await writeStatusEvents(services.results, [
  event(todayMs - 2 * day, 'up'),
  ...regions.map((region) => event(todayMs - 2 * day, 'up', region)),
  event(outageMs, 'down', 'us-east'),
  event(outageMs + 30 * minute, 'up', 'us-east'),
]);
// Now: us-east fails twice in a row (down there), the other regions pass: a one-region outage.
const t = Date.now() - 10_000;
await evaluator.accept([
  ...regions.flatMap((region) =>
    [0, 1].map((index) =>
      checkResult(api.id, {
        region,
        startedAt: new Date(t + index * 1_000),
        ok: region !== 'us-east',
        failure: region === 'us-east' ? 'timeout' : null,
      }),
    ),
  ),
  ...[0, 1].map((index) => checkResult(website.id, { startedAt: new Date(t + index * 1_000) })),
]);

const slug = `public-${process.pid}`;
const base = `/orgs/${owner.orgSlug}/status-pages`;
const page = (
  await owner.client.post(base, {
    title: 'Acme <script>alert(1)</script> status',
    slug,
    description: '<img src=x onerror=alert(1)> & "quotes"',
    branding: { brandColor: '#123456' },
  })
).body;
const core = (await owner.client.post(`${base}/${page.id}/groups`, { name: 'Core <b>services</b>' })).body;
const apiComponent = (
  await owner.client.post(`${base}/${page.id}/components`, {
    name: 'API <script>x</script>',
    description: 'The REST API',
    groupId: core.id,
    monitorId: api.id,
  })
).body;
const support = (
  await owner.client.post(`${base}/${page.id}/components`, { name: 'Support', groupId: core.id })
).body;
const site = (
  await owner.client.post(`${base}/${page.id}/components`, { name: 'Website', monitorId: website.id })
).body;

type Json = any;
const readPage = async (path = `/public/status-pages/${slug}`, headers: Record<string, string> = {}) =>
  visitor.request<Json>('GET', path, undefined, headers);
const componentOf = (body: Json, id: string) =>
  body.groups.flatMap((group: Json) => group.components).find((component: Json) => component.id === id);

describe('GET /public/status-pages/{slug}', () => {
  it('shows a one-region outage per region, the page layout and branding, in one answer', async () => {
    const response = await readPage();
    expect(response.status).toBe(200);
    const { body } = response;
    expect(body.page).toEqual({
      slug,
      title: 'Acme <script>alert(1)</script> status',
      description: '<img src=x onerror=alert(1)> & "quotes"',
      branding: { logoUrl: null, faviconUrl: null, brandColor: '#123456', accentColor: null },
      footerLinks: [],
      showPoweredBy: false,
      passwordProtected: false,
    });
    expect(body.overall).toBe('partial_outage');
    expect(body.regions).toEqual([
      { id: 'ap-south', name: 'AP South', location: '' },
      { id: 'eu-west', name: 'EU West', location: '' },
      { id: 'us-east', name: 'US East', location: '' },
    ]);
    expect(body.groups.map((group: Json) => [group.name, group.components.map((c: Json) => c.name)])).toEqual(
      [
        ['Core <b>services</b>', ['API <script>x</script>', 'Support']],
        [null, ['Website']],
      ],
    );
    const component = componentOf(body, apiComponent.id);
    expect(component.state).toBe('degraded');
    expect(component.regions.map((region: Json) => [region.region, region.state])).toEqual([
      ['ap-south', 'up'],
      ['eu-west', 'up'],
      ['us-east', 'down'],
    ]);
    expect(componentOf(body, support.id)).toMatchObject({ state: 'up', regions: [], uptime: null });
    expect(componentOf(body, site.id)).toMatchObject({
      state: 'up',
      regions: [{ region: 'eu-west', state: 'up' }],
    });
  });

  it('keeps each region’s history: 90 daily bars and uptime windows, never averaged over regions', async () => {
    const component = componentOf((await readPage()).body, apiComponent.id);
    expect(component.dailyBars).toHaveLength(90);
    expect(component.dailyBars.at(-1).date).toBe(new Date(todayMs).toISOString().slice(0, 10));
    const yesterday = component.dailyBars.at(-2);
    expect(yesterday).toMatchObject({
      worstState: 'up',
      uptimePercent: 100,
      downtimeMinutes: 0,
      incidents: 0,
    });
    const east = yesterday.regions.find((region: Json) => region.region === 'us-east');
    expect(east).toEqual({
      region: 'us-east',
      worstState: 'down',
      uptimePercent: Math.round(((24 * 60 - 30) / (24 * 60)) * 100 * 10_000) / 10_000,
      downtimeMinutes: 30,
    });
    expect(yesterday.regions.find((region: Json) => region.region === 'eu-west')).toMatchObject({
      uptimePercent: 100,
      downtimeMinutes: 0,
    });
    // Days before the history began are unknown, not 100 %.
    expect(component.dailyBars[0]).toMatchObject({ worstState: 'unknown', uptimePercent: null });
    // The monitor stayed available (degraded counts as up); us-east alone lost time.
    expect(component.uptime.d7).toBe(100);
    const eastNow = component.regions.find((region: Json) => region.region === 'us-east');
    expect(eastNow.uptime.d7).toBeLessThan(100);
    expect(eastNow.uptime.d90).toBeLessThan(100);
    expect(component.regions.find((region: Json) => region.region === 'eu-west').uptime.d7).toBe(100);
  });

  it('lists active incidents with their updates, affected components and text as written', async () => {
    const incident = await owner.client.post(`/orgs/${owner.orgSlug}/incidents`, {
      title: '<script>alert("x")</script> outage',
      impact: 'critical',
      monitorIds: [api.id],
      message: '<b>bold</b> & "quoted"',
    });
    expect(incident.status).toBe(201);
    await owner.client.post(`/orgs/${owner.orgSlug}/incidents`, {
      title: 'Not on the page',
      monitorIds: [elsewhere.id],
    });
    const { body } = await readPage();
    expect(body.overall).toBe('major_outage');
    const shown = body.activeIncidents.find((item: Json) => item.id === incident.body.id);
    expect(shown).toMatchObject({
      title: '<script>alert("x")</script> outage',
      status: 'investigating',
      impact: 'critical',
      resolvedAt: null,
      componentIds: [apiComponent.id],
      updates: [{ status: 'investigating', message: '<b>bold</b> & "quoted"' }],
    });
    expect(body.recentIncidents.map((item: Json) => item.title)).not.toContain('Not on the page');
    expect(body.recentIncidents.map((item: Json) => item.id)).toContain(incident.body.id);
    expect(componentOf(body, apiComponent.id).dailyBars.at(-1).incidents).toBeGreaterThanOrEqual(1);

    const resolved = await owner.client.post(`/orgs/${owner.orgSlug}/incidents/${incident.body.id}/updates`, {
      status: 'resolved',
      message: 'Fixed',
    });
    expect(resolved.status).toBe(201);
    const after = (await readPage()).body;
    expect(after.activeIncidents.map((item: Json) => item.id)).not.toContain(incident.body.id);
    const past = after.recentIncidents.find((item: Json) => item.id === incident.body.id);
    expect(past.updates.map((update: Json) => update.status)).toEqual(['investigating', 'resolved']);
  });

  it('announces upcoming maintenance of the page’s components', async () => {
    const startsAt = new Date(Date.now() + day);
    const window = await owner.client.post(`/orgs/${owner.orgSlug}/maintenance-windows`, {
      title: 'Database upgrade',
      monitorIds: [website.id],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 60 * minute).toISOString(),
    });
    expect(window.status).toBe(201);
    const { body } = await readPage();
    expect(body.maintenance.ongoing).toEqual([]);
    expect(body.maintenance.upcoming).toEqual([
      {
        id: window.body.id,
        title: 'Database upgrade',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 60 * minute).toISOString(),
        componentIds: [site.id],
      },
    ]);
  });

  it('answers 404 for an unknown slug or host', async () => {
    for (const path of [
      '/public/status-pages/no-such-page',
      '/public/status-pages/by-domain/unknown.example.com',
      '/public/status-pages/by-domain/not a host',
    ]) {
      const response = await readPage(path);
      expect(response.status, path).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('serves the same page on its custom domain (Host header form, any case, with a port)', async () => {
    const host = `status-${process.pid}.example.org`;
    expect((await owner.client.put(`${base}/${page.id}/custom-domain`, { hostname: host })).status).toBe(200);
    const response = await readPage(`/public/status-pages/by-domain/${host.toUpperCase()}:443`);
    expect(response.status).toBe(200);
    expect(response.body.page.slug).toBe(slug);
  });
});

describe('password-protected pages', () => {
  it('asks for the password, trades it for a token, and voids tokens when the password changes', async () => {
    expect((await owner.client.put(`${base}/${page.id}/password`, { password: 'open sesame' })).status).toBe(
      200,
    );
    const locked = await readPage();
    expect(locked.status).toBe(401);
    expect(locked.body.error.code).toBe('password_required');
    expect(locked.body.error.details).toEqual({ slug, title: page.title });
    expect(JSON.stringify(locked.body)).not.toContain('API <script>');

    const wrong = await visitor.post(`/public/status-pages/${slug}/access`, { password: 'guess' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: 'body.password', message: 'Wrong password' }]);
    const access = await visitor.post(`/public/status-pages/${slug}/access`, { password: 'open sesame' });
    expect(access.status).toBe(200);
    expect(Date.parse(access.body.expiresAt)).toBeGreaterThan(Date.now());
    const token = access.body.token as string;

    const open = await readPage(undefined, { 'x-status-page-token': token });
    expect(open.status).toBe(200);
    expect(open.body.page.passwordProtected).toBe(true);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await readPage(undefined, { 'x-status-page-token': tampered })).status).toBe(401);
    const forged = token.replace(/\.(\d+)\./, (_, expiry) => `.${Number(expiry) + 1000}.`);
    expect((await readPage(undefined, { 'x-status-page-token': forged })).status).toBe(401);

    await owner.client.put(`${base}/${page.id}/password`, { password: 'new secret!' });
    expect((await readPage(undefined, { 'x-status-page-token': token })).status).toBe(401);
    expect((await owner.client.delete(`${base}/${page.id}/password`)).status).toBe(204);
    expect((await readPage()).status).toBe(200);
  });

  it('limits password attempts per page (429 with Retry-After)', async () => {
    const locked = (await owner.client.post(base, { title: 'Locked', slug: `locked-${process.pid}` })).body;
    await owner.client.put(`${base}/${locked.id}/password`, { password: 'open sesame' });
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<typeof visitor.post>> | null;
    for (let attempt = 0; attempt < 21; attempt += 1) {
      last = await visitor.post(`/public/status-pages/${locked.slug}/access`, {
        password: `guess ${attempt}`,
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another page's visitors are not locked out.
    expect((await visitor.post(`/public/status-pages/${slug}/access`, { password: 'x' })).status).toBe(200);
  });
});

describe('plans on the public page', () => {
  it('shows "powered by" and no branding on the free plan, and drops the custom domain', async () => {
    await setPlan(services, orgId, 'free');
    const { body } = await readPage();
    expect(body.page.showPoweredBy).toBe(true);
    expect(body.page.branding.brandColor).toBeNull();
    expect((await readPage(`/public/status-pages/by-domain/status-${process.pid}.example.org`)).status).toBe(
      404,
    );
    await setPlan(services, orgId, 'unlimited');
  });
});
