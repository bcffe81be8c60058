import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { httpBody, insertPlatformRegions, orgIdOf } from '../../test-support/monitors.ts';
import { setPlan, storeMonitor } from '../../test-support/results.ts';

// Hosted: new organizations start on the free plan; the tests move some to business. WEB_URL names the
// CNAME target; PUBLIC_URL keeps the test client's Origin (http://127.0.0.1:3000) allowed.
const webUrl = 'https://app.vantage.test';
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, {
  VANTAGE_EDITION: 'hosted',
  WEB_URL: webUrl,
  PUBLIC_URL: 'http://127.0.0.1:3000',
});
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
await insertPlatformRegions(services);

let counter = 0;
/** A signed-in owner of a new organization on `plan`. */
async function newOwner(plan: 'free' | 'business') {
  const owner = await registerUser(url);
  const orgId = await orgIdOf(services, owner.orgSlug);
  if (plan !== 'free') await setPlan(services, orgId, plan);
  return { ...owner, orgId, base: `/orgs/${owner.orgSlug}/status-pages` };
}
function uniqueSlug(stem: string): string {
  counter += 1;
  return `${stem}-${process.pid}-${counter}`;
}

describe('status pages', () => {
  it('creates, lists, changes and deletes a page, keeping branding and audit entries', async () => {
    const owner = await newOwner('business');
    const slug = uniqueSlug('acme');
    const created = await owner.client.post(owner.base, {
      title: 'Acme <b>status</b>',
      slug,
      description: 'All systems & more',
      branding: { logoUrl: 'https://cdn.example.com/logo.png', brandColor: '#AA3300' },
      footerLinks: [{ label: 'Home', url: 'https://example.com' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Acme <b>status</b>',
      slug,
      description: 'All systems & more',
      publicUrl: `${webUrl}/s/${slug}`,
      customDomain: null,
      dnsInstructions: null,
      branding: { logoUrl: 'https://cdn.example.com/logo.png', brandColor: '#aa3300', accentColor: null },
      footerLinks: [{ label: 'Home', url: 'https://example.com' }],
      passwordProtected: false,
      shownRegions: [],
      groups: [],
      components: [],
      layout: [],
    });
    const id = created.body.id as string;
    const patched = await owner.client.patch(`${owner.base}/${id}`, {
      title: 'Acme',
      branding: { accentColor: '#00ff00' },
      shownRegions: ['eu-west'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.branding).toEqual({
      logoUrl: 'https://cdn.example.com/logo.png',
      faviconUrl: null,
      brandColor: '#aa3300',
      accentColor: '#00ff00',
    });
    expect(patched.body.shownRegions).toEqual(['eu-west']);
    const listed = await owner.client.get(owner.base);
    expect(listed.body.items.map((page: { title: string }) => page.title)).toEqual(['Acme']);
    expect((await owner.client.delete(`${owner.base}/${id}`)).status).toBe(204);
    expect((await owner.client.get(`${owner.base}/${id}`)).status).toBe(404);
    const audit = await owner.client.get(`/orgs/${owner.orgSlug}/audit-log`);
    const actions = (audit.body.items as { action: string }[]).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['status_page.create', 'status_page.update', 'status_page.delete']),
    );
  });

  it.each([
    [{ slug: 'by-domain' }, 'body.slug'],
    [{ slug: 'A' }, 'body.slug'],
    [{ branding: { brandColor: 'red' } }, 'body.branding.brandColor'],
    [{ branding: { logoUrl: 'javascript:alert(1)' } }, 'body.branding.logoUrl'],
    [{ footerLinks: [{ label: 'x', url: 'javascript:alert(1)' }] }, 'body.footerLinks.0.url'],
    [{ shownRegions: ['eu-west', 'eu-west'] }, 'body.shownRegions'],
    [{ passwordHash: 'x' }, 'body.passwordHash'],
  ])('refuses %j with 400 naming %s', async (fields, path) => {
    const owner = await newOwner('business');
    const response = await owner.client.post(owner.base, {
      title: 'Bad',
      slug: uniqueSlug('bad'),
      ...fields,
    });
    expect(response.status).toBe(400);
    expect((response.body.error.details as { path: string }[]).map((detail) => detail.path)).toContain(path);
  });

  it('keeps slugs unique across organizations (409)', async () => {
    const first = await newOwner('business');
    const second = await newOwner('business');
    const slug = uniqueSlug('shared');
    expect((await first.client.post(first.base, { title: 'One', slug })).status).toBe(201);
    const taken = await second.client.post(second.base, { title: 'Two', slug });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([{ path: 'body.slug', message: expect.any(String) }]);
    const other = await second.client.post(second.base, { title: 'Two', slug: uniqueSlug('own') });
    const renamed = await second.client.patch(`${second.base}/${other.body.id}`, { slug });
    expect(renamed.status).toBe(409);
  });
});

describe('groups, components and layout', () => {
  it('adds groups and components, reorders the whole page in one call, and ungroups on group delete', async () => {
    const owner = await newOwner('business');
    const monitor = await storeMonitor(services, owner.orgId, httpBody({ regions: ['eu-west', 'us-east'] }));
    const page = (await owner.client.post(owner.base, { title: 'Layout', slug: uniqueSlug('layout') })).body;
    const base = `${owner.base}/${page.id}`;
    const api = (await owner.client.post(`${base}/groups`, { name: 'API' })).body;
    const web = (await owner.client.post(`${base}/groups`, { name: 'Web' })).body;
    const monitored = await owner.client.post(`${base}/components`, {
      name: 'REST API',
      groupId: api.id,
      monitorId: monitor.id,
      regions: ['us-east'],
    });
    expect(monitored.status).toBe(201);
    expect(monitored.body).toMatchObject({ groupId: api.id, monitorId: monitor.id, regions: ['us-east'] });
    const manual = (
      await owner.client.post(`${base}/components`, { name: 'Support', manualState: 'degraded' })
    ).body;
    const site = (await owner.client.post(`${base}/components`, { name: 'Website', groupId: web.id })).body;
    const before = await owner.client.get(base);
    expect(before.body.layout).toEqual([
      { groupId: api.id, componentIds: [monitored.body.id] },
      { groupId: web.id, componentIds: [site.id] },
      { groupId: null, componentIds: [manual.id] },
    ]);

    const layout = [
      { groupId: null, componentIds: [manual.id] },
      { groupId: web.id, componentIds: [monitored.body.id, site.id] },
      { groupId: api.id, componentIds: [] },
    ];
    const reordered = await owner.client.put(`${base}/layout`, { layout });
    expect(reordered.status).toBe(200);
    expect(reordered.body.layout).toEqual(layout);
    expect(reordered.body.groups.map((group: { name: string }) => group.name)).toEqual(['Web', 'API']);
    expect(reordered.body.components.map((component: { name: string }) => component.name)).toEqual([
      'Support',
      'REST API',
      'Website',
    ]);
    const listed = await owner.client.get(`${base}/components`);
    expect(listed.body.items.map((component: { id: string }) => component.id)).toEqual([
      manual.id,
      monitored.body.id,
      site.id,
    ]);

    const incomplete = await owner.client.put(`${base}/layout`, { layout: layout.slice(1) });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.details[0].path).toBe('body.layout');

    expect((await owner.client.patch(`${base}/groups/${web.id}`, { name: 'Sites' })).body.name).toBe('Sites');
    expect((await owner.client.delete(`${base}/groups/${web.id}`)).status).toBe(204);
    const after = await owner.client.get(base);
    expect(after.body.layout).toEqual([
      { groupId: null, componentIds: [manual.id] },
      { groupId: api.id, componentIds: [] },
      { groupId: null, componentIds: [monitored.body.id, site.id] },
    ]);

    const moved = await owner.client.patch(`${base}/components/${site.id}`, {
      groupId: api.id,
      name: 'Site',
    });
    expect(moved.body).toMatchObject({ name: 'Site', groupId: api.id });
    expect((await owner.client.delete(`${base}/components/${site.id}`)).status).toBe(204);
    expect((await owner.client.get(`${base}/components`)).body.items).toHaveLength(2);
  });

  it('refuses another organization’s monitor, regions the monitor does not run in, and foreign groups', async () => {
    const owner = await newOwner('business');
    const stranger = await newOwner('business');
    const theirs = await storeMonitor(services, stranger.orgId, httpBody());
    const mine = await storeMonitor(services, owner.orgId, httpBody({ regions: ['eu-west'] }));
    const page = (await owner.client.post(owner.base, { title: 'P', slug: uniqueSlug('p') })).body;
    const otherPage = (await owner.client.post(owner.base, { title: 'Q', slug: uniqueSlug('q') })).body;
    const foreignGroup = (await owner.client.post(`${owner.base}/${otherPage.id}/groups`, { name: 'G' }))
      .body;
    const add = (body: Record<string, unknown>) =>
      owner.client.post(`${owner.base}/${page.id}/components`, { name: 'C', ...body });
    const cases: [Record<string, unknown>, string][] = [
      [{ monitorId: theirs.id }, 'body.monitorId'],
      [{ monitorId: mine.id, regions: ['us-east'] }, 'body.regions.0'],
      [{ regions: ['eu-west'] }, 'body.regions'],
      [{ groupId: foreignGroup.id }, 'body.groupId'],
      [{ manualState: 'exploded' }, 'body.manualState'],
    ];
    for (const [body, path] of cases) {
      const response = await add(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    expect((await owner.client.get(`${owner.base}/${page.id}/components`)).body.items).toEqual([]);
  });
});

describe('custom domains and passwords', () => {
  it('sets a custom domain with its CNAME, keeps domains unique (409) and refuses hosts that are not domains', async () => {
    const owner = await newOwner('business');
    const other = await newOwner('business');
    const page = (await owner.client.post(owner.base, { title: 'D', slug: uniqueSlug('d') })).body;
    const otherPage = (await other.client.post(other.base, { title: 'E', slug: uniqueSlug('e') })).body;
    const host = `status-${process.pid}.example.com`;
    const set = await owner.client.put(`${owner.base}/${page.id}/custom-domain`, {
      hostname: ` ${host.toUpperCase()} `,
    });
    expect(set.status).toBe(200);
    expect(set.body.customDomain).toBe(host);
    expect(set.body.dnsInstructions).toEqual({ recordType: 'CNAME', name: host, target: 'app.vantage.test' });
    const taken = await other.client.put(`${other.base}/${otherPage.id}/custom-domain`, { hostname: host });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details[0].path).toBe('body.hostname');
    for (const hostname of ['10.0.0.1', 'localhost', 'two words.com', 'https://x.com/', 'app.vantage.test']) {
      const refused = await other.client.put(`${other.base}/${otherPage.id}/custom-domain`, { hostname });
      expect(refused.status, hostname).toBe(400);
      expect(refused.body.error.details[0].path).toBe('body.hostname');
    }
    expect((await owner.client.delete(`${owner.base}/${page.id}/custom-domain`)).status).toBe(204);
    expect(
      (await other.client.put(`${other.base}/${otherPage.id}/custom-domain`, { hostname: host })).status,
    ).toBe(200);
  });

  it('protects a page with a password and removes it, never showing the hash', async () => {
    const owner = await newOwner('business');
    const page = (await owner.client.post(owner.base, { title: 'Private', slug: uniqueSlug('private') }))
      .body;
    const set = await owner.client.put(`${owner.base}/${page.id}/password`, { password: 'open sesame' });
    expect(set.status).toBe(200);
    expect(set.body.passwordProtected).toBe(true);
    expect(JSON.stringify(set.body)).not.toContain('scrypt');
    expect((await owner.client.put(`${owner.base}/${page.id}/password`, { password: 'short' })).status).toBe(
      400,
    );
    expect((await owner.client.delete(`${owner.base}/${page.id}/password`)).status).toBe(204);
    expect((await owner.client.get(`${owner.base}/${page.id}`)).body.passwordProtected).toBe(false);
  });
});

describe('plan limits (hosted free plan)', () => {
  it('allows one page, and no branding, password or custom domain (402 with the limit code)', async () => {
    const owner = await newOwner('free');
    const first = await owner.client.post(owner.base, { title: 'Only', slug: uniqueSlug('only') });
    expect(first.status).toBe(201);
    const limits: [Promise<{ status: number; body: any }>, string][] = [
      [owner.client.post(owner.base, { title: 'Second', slug: uniqueSlug('second') }), 'limit.status_pages'],
      [
        owner.client.patch(`${owner.base}/${first.body.id}`, { branding: { brandColor: '#112233' } }),
        'limit.custom_branding',
      ],
      [
        owner.client.patch(`${owner.base}/${first.body.id}`, {
          footerLinks: [{ label: 'a', url: 'https://a.io' }],
        }),
        'limit.custom_branding',
      ],
      [
        owner.client.put(`${owner.base}/${first.body.id}/password`, { password: 'open sesame' }),
        'limit.password_protected_pages',
      ],
      [
        owner.client.put(`${owner.base}/${first.body.id}/custom-domain`, {
          hostname: 'status.free.example.com',
        }),
        'limit.custom_domains',
      ],
    ];
    for (const [request, limitCode] of limits) {
      const response = await request;
      expect(response.status, limitCode).toBe(402);
      expect(response.body.error.details.limitCode).toBe(limitCode);
    }
    expect((await owner.client.patch(`${owner.base}/${first.body.id}`, { title: 'Renamed' })).status).toBe(
      200,
    );
    expect((await owner.client.get(owner.base)).body.items).toHaveLength(1);
  });
});
