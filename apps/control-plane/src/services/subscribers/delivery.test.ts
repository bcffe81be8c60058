import { sql } from '@vantage/db';
import { startWebhookReceiver, useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../notifications/signature.ts';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startEvaluatorFixture } from '../../test-support/evaluator.ts';
import { eventually, httpBody, orgIdOf } from '../../test-support/monitors.ts';
import { checkResult, storeMonitor } from '../../test-support/results.ts';

// Self-hosted (private targets allowed), so webhook subscribers may be the local receiver. The fixture's
// evaluator moves incident events from the outbox to the queue the control plane's workers fan out.
const services = await useTestServices();
const { evaluator, controlPlane, alertQueue, url } = await startEvaluatorFixture(services);
const receiver = await startWebhookReceiver();
afterAll(() => receiver.stop());
const { mail } = controlPlane;
const owner = await registerUser(url);
const orgId = await orgIdOf(services, owner.orgSlug);
const visitor = new ApiClient(url);
const api = await storeMonitor(services, orgId, httpBody({ name: 'api-prod-1', regions: ['eu-west'] }));
const website = await storeMonitor(services, orgId, httpBody({ name: 'web-prod-1', regions: ['eu-west'] }));

const pagesBase = `/orgs/${owner.orgSlug}/status-pages`;
const page = (await owner.client.post(pagesBase, { title: 'Acme', slug: `acme-${process.pid}` })).body;
const component = async (name: string, monitorId: string) =>
  (await owner.client.post(`${pagesBase}/${page.id}/components`, { name, monitorId })).body.id as string;
const apiComponent = await component('Public API', api.id);
const websiteComponent = await component('Website', website.id);

/** Subscribes an address, confirming it unless `confirm` is false. */
async function emailSubscriber(name: string, componentIds: string[], confirm = true) {
  const address = `${name}-${process.pid}@example.com`;
  const answer = await visitor.post(`/public/status-pages/${page.slug}/subscribers`, {
    email: address,
    componentIds,
  });
  expect(answer.status).toBe(202);
  const message = await mail.waitFor(address, /Confirm/);
  const token = decodeURIComponent(message.text.match(/subscribe\/confirm\?token=(\S+)/)![1]!);
  if (confirm) expect((await visitor.post('/public/subscriptions/confirm', { token })).status).toBe(200);
  return {
    address,
    unsubscribeToken: decodeURIComponent(message.text.match(/unsubscribe\?token=(\S+)/)![1]!),
  };
}

const alice = await emailSubscriber('alice', []);
const bob = await emailSubscriber('bob', [websiteComponent]);
const carol = await emailSubscriber('carol', [], false);
const dave = await emailSubscriber('dave', []);
expect(
  (await visitor.post('/public/subscriptions/unsubscribe', { token: dave.unsubscribeToken })).status,
).toBe(200);
// Created last: once it has a delivery of an event, every other subscriber the event reaches has one too.
const hook = (
  await visitor.post(`/public/status-pages/${page.slug}/webhook-subscribers`, {
    url: `${receiver.url}/status-hook`,
    componentIds: [apiComponent],
  })
).body;

const incidentMail = (address: string) =>
  mail.messages.filter((m) => m.to.includes(address) && !/Confirm/.test(m.subject));
const hookBodies = () =>
  receiver.requests.filter((r) => r.path === '/status-hook').map((r) => JSON.parse(r.body));
/** Waits until the fan-out of the event with this title is done (its job completed). */
async function fannedOut(title: string | RegExp) {
  await eventually(
    async () => (await alertQueue.getJobs(['completed'])).map((job) => job.data.title),
    (titles) =>
      titles.some((candidate) => (typeof title === 'string' ? candidate === title : title.test(candidate))),
    10_000,
  );
}

async function deliveriesOf(address: string): Promise<number> {
  return Number(
    await services.db.oneFirst(sql.unsafe`
      SELECT count(*)::int FROM subscriber_deliveries d JOIN status_page_subscribers s ON s.id = d.subscriber_id
      WHERE s.email = ${address}`),
  );
}

describe('incident notices to subscribers', () => {
  it('a manual incident on a component reaches confirmed subscribers of it only, escaped, signed, with unsubscribe links', async () => {
    const incidents = `/orgs/${owner.orgSlug}/incidents`;
    const created = await owner.client.post(incidents, {
      title: 'Checkout <b>errors</b>',
      impact: 'major',
      monitorIds: [api.id],
      message: 'Looking into it <script>alert(1)</script>',
    });
    expect(created.status).toBe(201);
    await evaluator.sweep();

    const first = await mail.waitFor(alice.address, /Checkout/);
    expect(first.subject).toBe('[Acme] Checkout <b>errors</b>');
    expect(first.text).toContain('Looking into it <script>alert(1)</script>');
    expect(first.text).toContain('Affected: Public API');
    expect(first.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(first.html).not.toContain('<script>');
    expect(first.headers['list-unsubscribe']).toMatch(
      /^<http:\/\/127\.0\.0\.1:3000\/s\/acme-\d+\/unsubscribe\?token=/,
    );
    expect(first.text).toContain(first.headers['list-unsubscribe']!.slice(1, -1));

    const request = await receiver.waitFor((r) => r.path === '/status-hook');
    expect(verifyWebhook(hook.secret, request.body, String(request.headers['vantage-signature']))).toBe(true);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'incident.created',
      title: 'Checkout <b>errors</b>',
      page: { slug: page.slug, title: 'Acme' },
      incident: { id: created.body.id, impact: 'major' },
      components: [{ id: apiComponent, name: 'Public API' }],
      unsubscribeUrl: hook.unsubscribeUrl,
    });

    const update = await owner.client.post(`${incidents}/${created.body.id}/updates`, {
      status: 'identified',
      message: 'A bad deploy; rolling back',
    });
    expect(update.status).toBe(201);
    await owner.client.post(`${incidents}/${created.body.id}/updates`, {
      status: 'resolved',
      message: 'Fixed',
    });
    await evaluator.sweep();
    await eventually(hookBodies, (bodies) => bodies.length === 3, 10_000);
    expect(hookBodies().map((body) => body.type)).toEqual([
      'incident.created',
      'incident.updated',
      'incident.resolved',
    ]);
    await eventually(
      () => incidentMail(alice.address).length,
      (count) => count === 3,
      10_000,
    );
    expect(incidentMail(alice.address)[1]!.text).toContain('A bad deploy; rolling back');
    expect(incidentMail(alice.address)[2]!.subject).toBe('[Acme] Resolved: Checkout <b>errors</b>');
    // Bob follows Website only, Carol never confirmed, Dave unsubscribed.
    for (const other of [bob, carol, dave]) {
      expect(await deliveriesOf(other.address)).toBe(0);
      expect(incidentMail(other.address)).toEqual([]);
    }
  });

  it('an automatic incident of a monitor reaches the subscribers of its component, once per event', async () => {
    const start = Date.now() - 5_000;
    await evaluator.accept(
      [0, 1].map((index) =>
        checkResult(website.id, {
          startedAt: new Date(start + index * 1_000),
          ok: false,
          failure: 'timeout',
        }),
      ),
    );
    const forBob = await mail.waitFor(bob.address, /web-prod-1 is down/, 10_000);
    expect(forBob.text).toContain('Affected: Website');
    await mail.waitFor(alice.address, /web-prod-1 is down/, 10_000);
    // The same event fanned out again (a retried job) adds no delivery and sends no second email.
    const event = await services.db.oneFirst(sql.unsafe`
      SELECT d.notice->'event' FROM subscriber_deliveries d JOIN status_page_subscribers s ON s.id = d.subscriber_id
      WHERE s.email = ${bob.address}`);
    const replay = await alertQueue.add('alert', event as never, { jobId: `replay-${process.pid}` });
    await eventually(
      () => replay.getState(),
      (state) => state === 'completed',
      10_000,
    );
    expect(await deliveriesOf(bob.address)).toBe(1);
    expect(await deliveriesOf(alice.address)).toBe(4);
    expect(incidentMail(bob.address)).toHaveLength(1);
    // The API webhook (API only) was not told about the website.
    expect(hookBodies()).toHaveLength(3);
  });

  it('stops at once for a subscriber who unsubscribes or is removed', async () => {
    expect(
      (await visitor.post('/public/subscriptions/unsubscribe', { token: alice.unsubscribeToken })).status,
    ).toBe(200);
    const listed = await owner.client.get(`${pagesBase}/${page.id}/subscribers?kind=email&status=confirmed`);
    expect(listed.body.items.map((item: { email: string }) => item.email)).toEqual([bob.address]);
    expect(
      (await owner.client.delete(`${pagesBase}/${page.id}/subscribers/${listed.body.items[0].id}`)).status,
    ).toBe(204);
    await owner.client.post(`/orgs/${owner.orgSlug}/incidents`, {
      title: 'Website slow',
      monitorIds: [website.id],
    });
    await owner.client.post(`/orgs/${owner.orgSlug}/incidents`, { title: 'API slow', monitorIds: [api.id] });
    await evaluator.sweep();
    await eventually(hookBodies, (bodies) => bodies.some((body) => body.title === 'API slow'), 10_000);
    await fannedOut('Website slow');
    expect(await deliveriesOf(alice.address)).toBe(4);
    expect(mail.messages.filter((m) => /slow/.test(m.subject))).toEqual([]);
  });
});
