import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';

// Hosted rules for webhook URLs (no private addresses); 6 subscribes per client and page.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, {
  ALLOW_PRIVATE_TARGETS: 'false',
  RATE_LIMIT_SUBSCRIBE: '6/900',
});
afterAll(() => controlPlane.stop());
const { url, mail } = controlPlane;
const owner = await registerUser(url);
const visitor = new ApiClient(url);
visitor.origin = '';

let pages = 0;
/** A page of the owner's organization with two manual components, API and Website. */
async function newPage(title = 'Acme Status') {
  pages += 1;
  const base = `/orgs/${owner.orgSlug}/status-pages`;
  const page = await owner.client.post(base, { title, slug: `acme-${pages}-${process.pid}` });
  expect(page.status).toBe(201);
  const [api, website] = await Promise.all(
    ['API', 'Website'].map((name) => owner.client.post(`${base}/${page.body.id}/components`, { name })),
  );
  return {
    id: page.body.id as string,
    slug: page.body.slug as string,
    api: api!.body.id as string,
    website: website!.body.id as string,
    subscribers: `${base}/${page.body.id}/subscribers`,
  };
}

let addresses = 0;
const newAddress = () => `reader${++addresses}-${process.pid}@example.com`;

/** The token of the signed web-app link of this kind in an email's text. */
function linkToken(text: string, slug: string, kind: 'subscribe/confirm' | 'unsubscribe'): string {
  const found = text.match(new RegExp(`http://127\\.0\\.0\\.1:3000/s/${slug}/${kind}\\?token=(\\S+)`));
  if (!found) throw new Error(`no ${kind} link in: ${text}`);
  return decodeURIComponent(found[1]!);
}

const mailTo = (address: string) => mail.messages.filter((message) => message.to.includes(address));
const subscribe = (slug: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  visitor.request('POST', `/public/status-pages/${slug}/subscribers`, body, headers);

describe('email subscriptions', () => {
  it('double opt-in: nothing is confirmed until the emailed link is followed', async () => {
    const page = await newPage('Acme <Status>');
    const address = newAddress();
    const answer = await subscribe(page.slug, { email: `  ${address.toUpperCase()} ` });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ accepted: true });
    const listed = await owner.client.get(page.subscribers);
    expect(listed.body.items).toMatchObject([
      { kind: 'email', email: address, status: 'pending', confirmedAt: null },
    ]);

    const message = await mail.waitFor(address, /Confirm your subscription to Acme <Status>/);
    expect(message.html).toContain('Acme &#60;Status&#62;');
    expect(message.html).not.toContain('<Status>');
    const token = linkToken(message.text, page.slug, 'subscribe/confirm');
    const confirmed = await visitor.post('/public/subscriptions/confirm', { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({
      page: { slug: page.slug, title: 'Acme <Status>' },
      kind: 'email',
      email: address,
      components: [],
      status: 'confirmed',
    });
    expect((await visitor.post('/public/subscriptions/confirm', { token })).body.status).toBe('confirmed');
    const after = await owner.client.get(page.subscribers);
    expect(after.body.items).toMatchObject([{ email: address, status: 'confirmed' }]);
    expect(after.body.items[0].confirmedAt).not.toBeNull();
  });

  it('a repeated subscribe keeps one row and sends no second email within the cooldown; the answer never tells', async () => {
    const page = await newPage();
    const address = newAddress();
    const answers = [];
    for (const email of [address, address.toUpperCase(), address])
      answers.push(await subscribe(page.slug, { email }));
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(
      Array(3).fill([202, { accepted: true }]),
    );
    await mail.waitFor(address, /Confirm/);
    // A later subscribe of another address is delivered after any second email to the first would be.
    const other = newAddress();
    await subscribe(page.slug, { email: other });
    await mail.waitFor(other, /Confirm/);
    expect(mailTo(address)).toHaveLength(1);
    const listed = await owner.client.get(page.subscribers);
    expect(listed.body.items.map((item: { email: string }) => item.email).sort()).toEqual(
      [address, other].sort(),
    );
  });

  it('refuses a bad address, unknown components and unknown pages, naming the field', async () => {
    const page = await newPage();
    const bad = await subscribe(page.slug, { email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'body.email', message: expect.any(String) }]);
    const foreign = await subscribe(page.slug, {
      email: newAddress(),
      componentIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([{ path: 'body.componentIds', message: expect.any(String) }]);
    expect((await subscribe('no-such-page', { email: newAddress() })).status).toBe(404);
    expect((await owner.client.get(page.subscribers)).body.items).toEqual([]);
  });

  it('unsubscribes in one click from the link every email carries (and the List-Unsubscribe header)', async () => {
    const page = await newPage();
    const address = newAddress();
    await subscribe(page.slug, { email: address });
    const message = await mail.waitFor(address, /Confirm/);
    const unsubscribeLink = message.text.match(/http:\S+\/unsubscribe\?token=\S+/)?.[0];
    expect(message.headers['list-unsubscribe']).toBe(`<${unsubscribeLink}>`);
    expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const confirmToken = linkToken(message.text, page.slug, 'subscribe/confirm');
    await visitor.post('/public/subscriptions/confirm', { token: confirmToken });

    const token = linkToken(message.text, page.slug, 'unsubscribe');
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const wrong of [tampered, confirmToken]) {
      const refused = await visitor.post('/public/subscriptions/unsubscribe', { token: wrong });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([{ path: 'body.token', message: expect.any(String) }]);
    }
    const stopped = await visitor.post('/public/subscriptions/unsubscribe', { token });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ email: address, status: 'unsubscribed' });
    expect((await visitor.post('/public/subscriptions/unsubscribe', { token })).status).toBe(200);
    expect((await owner.client.get(page.subscribers)).body.items).toMatchObject([{ status: 'unsubscribed' }]);
    // The old confirmation link cannot bring the subscription back; subscribing again can, at once.
    expect((await visitor.post('/public/subscriptions/confirm', { token: confirmToken })).status).toBe(400);
    await subscribe(page.slug, { email: address });
    await expect.poll(() => mailTo(address).length).toBe(2);
    expect((await owner.client.get(page.subscribers)).body.items).toMatchObject([{ status: 'pending' }]);
  });

  it('follows the chosen components; a confirmed subscriber changes them only through a new link', async () => {
    const page = await newPage();
    const address = newAddress();
    await subscribe(page.slug, { email: address, componentIds: [page.api] });
    const first = await mail.waitFor(address, /Confirm/);
    expect(first.text).toContain('(API)');
    const confirmed = await visitor.post('/public/subscriptions/confirm', {
      token: linkToken(first.text, page.slug, 'subscribe/confirm'),
    });
    expect(confirmed.body.components).toEqual([{ id: page.api, name: 'API' }]);

    // Later (after the cooldown) someone asks for Website only with the same address.
    await services.db.query(sql.unsafe`
      UPDATE status_page_subscribers SET confirmation_sent_at = now() - interval '1 hour' WHERE email = ${address}`);
    await subscribe(page.slug, { email: address, componentIds: [page.website] });
    await expect.poll(() => mailTo(address).length).toBe(2);
    expect((await owner.client.get(page.subscribers)).body.items).toMatchObject([
      { componentIds: [page.api] },
    ]);
    const second = mailTo(address)[1]!;
    expect(second.text).toContain('(Website)');
    const changed = await visitor.post('/public/subscriptions/confirm', {
      token: linkToken(second.text, page.slug, 'subscribe/confirm'),
    });
    expect(changed.body.components).toEqual([{ id: page.website, name: 'Website' }]);
    expect((await owner.client.get(page.subscribers)).body.items).toMatchObject([
      { componentIds: [page.website] },
    ]);
  });

  it('a protected page takes subscriptions only with its access token', async () => {
    const page = await newPage();
    await owner.client.put(`/orgs/${owner.orgSlug}/status-pages/${page.id}/password`, {
      password: 'open sesame',
    });
    const refused = await subscribe(page.slug, { email: newAddress() });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('password_required');
    const access = await visitor.post(`/public/status-pages/${page.slug}/access`, {
      password: 'open sesame',
    });
    const allowed = await subscribe(
      page.slug,
      { email: newAddress() },
      { 'x-status-page-token': access.body.token },
    );
    expect(allowed.status).toBe(202);
  });

  it('is rate limited per client and page', async () => {
    const page = await newPage();
    const statuses = [];
    for (let index = 0; index < 7; index += 1)
      statuses.push((await subscribe(page.slug, { email: newAddress() })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 429]);
    // Another page is counted on its own.
    expect((await subscribe((await newPage()).slug, { email: newAddress() })).status).toBe(202);
  });
});

describe('webhook subscriptions', () => {
  it('shows the signing secret once, refuses a second subscription of the URL and private addresses', async () => {
    const page = await newPage();
    const path = `/public/status-pages/${page.slug}/webhook-subscribers`;
    const created = await visitor.post(path, {
      url: 'http://93.184.215.14/hooks/status',
      componentIds: [page.api],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'http://93.184.215.14/hooks/status',
      componentIds: [page.api],
      secret: expect.stringMatching(/^whsec_/),
      unsubscribeUrl: expect.stringMatching(
        new RegExp(`^http://127\\.0\\.0\\.1:3000/s/${page.slug}/unsubscribe\\?token=`),
      ),
    });
    const again = await visitor.post(path, { url: 'http://93.184.215.14/hooks/status' });
    expect(again.status).toBe(409);
    for (const target of [
      'http://127.0.0.1:9/hook',
      'http://169.254.169.254/latest',
      'http://[::ffff:10.0.0.1]/',
    ]) {
      const refused = await visitor.post(path, { url: target });
      expect(refused.status, target).toBe(400);
      expect(refused.body.error.details).toEqual([{ path: 'body.url', message: expect.any(String) }]);
    }
    const listed = await owner.client.get(page.subscribers);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        kind: 'webhook',
        url: 'http://93.184.215.14/hooks/status',
        status: 'confirmed',
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    // Unsubscribed, the URL may subscribe again, with a new secret.
    const token = decodeURIComponent(new URL(created.body.unsubscribeUrl).searchParams.get('token')!);
    expect((await visitor.post('/public/subscriptions/unsubscribe', { token })).body.status).toBe(
      'unsubscribed',
    );
    const back = await visitor.post(path, { url: 'http://93.184.215.14/hooks/status' });
    expect(back.status).toBe(201);
    expect(back.body.secret).not.toBe(created.body.secret);
  });
});

describe('the organization', () => {
  it('lists subscribers by status and page by page, and removes one', async () => {
    const page = await newPage();
    const addressesOfPage = [newAddress(), newAddress(), newAddress()];
    for (const email of addressesOfPage) await subscribe(page.slug, { email });
    const first = await owner.client.get(`${page.subscribers}?limit=2`);
    expect(first.body.items).toHaveLength(2);
    const rest = await owner.client.get(`${page.subscribers}?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...rest.body.items].map((item: { email: string }) => item.email);
    expect(all).toEqual([...addressesOfPage].reverse());
    expect((await owner.client.get(`${page.subscribers}?status=confirmed`)).body.items).toEqual([]);

    const removed = await owner.client.delete(`${page.subscribers}/${first.body.items[0].id}`);
    expect(removed.status).toBe(204);
    expect((await owner.client.get(page.subscribers)).body.items).toHaveLength(2);
    expect((await owner.client.delete(`${page.subscribers}/${first.body.items[0].id}`)).status).toBe(404);
    const audit = await owner.client.get(`/orgs/${owner.orgSlug}/audit-log`);
    expect(JSON.stringify(audit.body)).toContain('status_page.subscriber_delete');
  });
});
