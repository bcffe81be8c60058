import { sql } from '@vantage/db';
import { readStatusEvents } from '@vantage/results';
import { type ReceivedRequest, startWebhookReceiver, useTestServices } from '@vantage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verifyWebhook } from '../notifications/signature.ts';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { eventually, orgIdOf } from '../test-support/monitors.ts';
import { type ProbeProcess, startProbeProcess } from '../test-support/probe-process.ts';
import { startRegionalTarget } from '../test-support/regional-target.ts';

// Real probes in three regions check one target that fails by region (X-Vantage-Region); the control
// plane evaluates, opens incidents and pages a real webhook receiver and a real SMTP server. The
// scenarios run in order on one monitor: degraded, down, recovered, then flapping.

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
const target = await startRegionalTarget();
const receiver = await startWebhookReceiver();
const probes: ProbeProcess[] = [];
afterAll(async () => {
  await Promise.all(probes.map((probe) => probe.stop()));
  await controlPlane.stop();
  await receiver.stop();
  await target.close();
});

const regions = ['eu-west', 'us-east', 'ap-southeast'];
const alertAddress = 'oncall@example.com';
const { client, orgSlug } = await registerUser(controlPlane.url);
const orgId = await orgIdOf(services, orgSlug);
const org = `/orgs/${orgSlug}`;
let monitorId = '';
let webhookSecret = '';
const channelIds: string[] = [];

beforeAll(async () => {
  for (const region of regions) {
    expect((await client.post('/admin/regions', { id: region, name: region, location: '' })).status).toBe(
      201,
    );
    const issued = await client.post('/admin/probe-tokens', { regionId: region, name: `alerts ${region}` });
    expect(issued.status).toBe(201);
    const probe = startProbeProcess({ grpcPort: controlPlane.grpcPort, token: issued.body.token, region });
    probes.push(probe);
  }
  await Promise.all(probes.map((probe) => probe.waitForLine(/connected to the control plane/)));
  // Default policies: down, recovered, reminder, tls, heartbeat — not degraded, not incidents.
  const webhook = await client.post(`${org}/alert-channels`, {
    name: 'Hook',
    type: 'webhook',
    config: { url: `${receiver.url}/hooks/vantage` },
  });
  expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
  expect(webhook.body.alertChannel.notifyOn).not.toContain('degraded');
  webhookSecret = webhook.body.alertChannel.config.secret;
  const email = await client.post(`${org}/alert-channels`, {
    name: 'On call',
    type: 'email',
    config: { to: [alertAddress] },
  });
  expect(email.status, JSON.stringify(email.body)).toBe(201);
  channelIds.push(webhook.body.alertChannel.id, email.body.alertChannel.id);
  const created = await client.post(`${org}/monitors`, {
    type: 'http',
    name: 'Shop',
    url: target.url,
    intervalSeconds: 1,
    timeoutMs: 800,
    failureThreshold: 2,
    recoveryThreshold: 2,
    regions,
    alertChannelIds: channelIds,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  monitorId = created.body.id;
  await waitForStatus('up');
  await afterEvaluated(2);
}, 30_000);

async function statusOf(): Promise<string> {
  return (await client.get(`${org}/monitors/${monitorId}`)).body.status;
}

async function waitForStatus(status: string): Promise<void> {
  await eventually(statusOf, (current) => current === status, 15_000);
}

async function lastEvaluatedMs(): Promise<Record<string, number>> {
  const rows = await services.db.any(sql.type(z.object({ region: z.string(), ms: z.number() }))`
    SELECT region, (extract(epoch FROM last_check_at) * 1000)::float8 AS ms FROM monitor_region_states
    WHERE monitor_id = ${monitorId}`);
  return Object.fromEntries(rows.map((row) => [row.region, row.ms]));
}

/** Start time of this region's `k`-th stored result that started after `sinceMs`, if stored yet. */
async function kthStoredAfter(region: string, sinceMs: number, k: number): Promise<number | undefined> {
  const { body } = await client.get(`${org}/monitors/${monitorId}/results?region=${region}&limit=50`);
  const started = (body.items as { startedAt: string }[])
    .map((result) => Date.parse(result.startedAt))
    .filter((ms) => ms > sinceMs)
    .sort((a, b) => a - b);
  return started[k - 1];
}

/**
 * Waits until the evaluator has judged `k` more results of every region (stored, then evaluated), then
 * gives fan-out and delivery a bounded second: what has not happened by then did not happen.
 */
async function afterEvaluated(k: number): Promise<void> {
  const sinceMs = Date.now();
  const wanted = await eventually(
    () => Promise.all(regions.map((region) => kthStoredAfter(region, sinceMs, k))),
    (times) => times.every((time) => time !== undefined),
    k * 1_000 + 10_000,
  );
  await eventually(
    lastEvaluatedMs,
    (evaluated) => regions.every((region, index) => (evaluated[region] ?? 0) >= wanted[index]!),
    5_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

async function openIncidents() {
  const { body } = await client.get(`${org}/incidents?status=open&limit=100`);
  return body.items as { id: string; affectedRegions: string[]; [key: string]: unknown }[];
}

async function allIncidents() {
  return (await client.get(`${org}/incidents?limit=100`)).body.items as { [key: string]: unknown }[];
}

const webhookKinds = () => receiver.requests.map((request) => JSON.parse(request.body).type as string);
const alertMails = () => controlPlane.mail.messages.filter((message) => message.to.includes(alertAddress));

async function deliveryKinds(channelId: string): Promise<string[]> {
  const { body } = await client.get(`${org}/alert-channels/${channelId}/deliveries`);
  return (body.items as { kind: string; status: string }[])
    .map((item) => `${item.kind}:${item.status}`)
    .sort();
}

async function timeline(scope: 'monitor' | 'region', fromMs = 0) {
  const events = await readStatusEvents(services.results, {
    orgId,
    monitorId,
    scope,
    from: new Date(fromMs),
    to: new Date(Date.now() + 60_000),
  });
  return events.map((event) => `${event.region ? `${event.region} ` : ''}${event.from}>${event.to}`);
}

function expectSigned(request: ReceivedRequest): void {
  const header = request.headers['vantage-signature'];
  expect(typeof header).toBe('string');
  expect(verifyWebhook(webhookSecret, request.body, header as string)).toBe(true);
}

describe('alerts end to end: three probes, a regional outage, a webhook and an inbox', () => {
  it('down in one of three regions → degraded, an incident naming that region, no page', {
    timeout: 30_000,
  }, async () => {
    target.set('eu-west', 'down');
    await waitForStatus('degraded');
    const [incident] = await eventually(openIncidents, (open) => open.length === 1);
    expect(incident).toMatchObject({ affectedRegions: ['eu-west'], impact: 'minor', automatic: true });
    // The degraded notice is decided and fanned out; the default policy keeps it off both channels.
    await afterEvaluated(3);
    expect(await statusOf()).toBe('degraded');
    expect(receiver.requests).toEqual([]);
    expect(alertMails()).toEqual([]);
    for (const channelId of channelIds) expect(await deliveryKinds(channelId)).toEqual([]);
    expect((await openIncidents()).map((open) => open.affectedRegions)).toEqual([['eu-west']]);
  });

  it('down in two regions → down, exactly one signed webhook and one email', {
    timeout: 30_000,
  }, async () => {
    target.set('us-east', 'down');
    await waitForStatus('down');
    const hook = await receiver.waitFor((request) => JSON.parse(request.body).type === 'monitor.down');
    expectSigned(hook);
    expect(JSON.parse(hook.body)).toMatchObject({ monitorId, regions: ['eu-west', 'us-east'] });
    const mail = await controlPlane.mail.waitFor(alertAddress, /Shop is down in eu-west, us-east/, 10_000);
    expect(mail.text).toMatch(/HTTP|503|status/i);
    const [incident] = await openIncidents();
    expect(incident).toMatchObject({ impact: 'major', affectedRegions: ['eu-west', 'us-east'] });
    // Still down for three more evaluated checks per region: nothing else is sent.
    await afterEvaluated(3);
    expect(webhookKinds()).toEqual(['monitor.down']);
    expect(alertMails()).toHaveLength(1);
    for (const channelId of channelIds) {
      expect(await deliveryKinds(channelId)).toEqual(['monitor.down:delivered']);
    }
  });

  it('all regions back up → up, one recovery notice per channel, incident resolved with a duration', {
    timeout: 30_000,
  }, async () => {
    target.set('eu-west', 'up');
    target.set('us-east', 'up');
    await waitForStatus('up');
    const hook = await receiver.waitFor((request) => JSON.parse(request.body).type === 'monitor.recovered');
    expectSigned(hook);
    expect(JSON.parse(hook.body).title).toMatch(/^Shop recovered after \d+ s$/);
    await controlPlane.mail.waitFor(alertAddress, /Shop recovered/, 10_000);
    const [incident] = await eventually(allIncidents, (all) => all[0]?.status === 'resolved');
    expect(incident).toMatchObject({
      affectedRegions: ['eu-west', 'us-east'],
      resolvedAt: expect.any(String),
    });
    expect(incident!.durationSeconds).toBeGreaterThanOrEqual(2);
    expect(await openIncidents()).toEqual([]);
    await afterEvaluated(3);
    expect(webhookKinds()).toEqual(['monitor.down', 'monitor.recovered']);
    expect(alertMails().map((message) => message.subject)).toEqual([
      expect.stringMatching(/is down/),
      expect.stringMatching(/recovered/),
    ]);
    for (const channelId of channelIds) {
      expect(await deliveryKinds(channelId)).toEqual([
        'monitor.down:delivered',
        'monitor.recovered:delivered',
      ]);
    }
    // One transition per real change (recovery may pass through degraded when one region is back first).
    // Regions checked at the same instant give transitions with equal timestamps, so the recovery's two
    // steps are compared as a set.
    const recovered = await eventually(
      () => timeline('monitor'),
      (events) => events.includes('degraded>up') || events.includes('down>up'),
    );
    expect(recovered.slice(0, 3)).toEqual(['unknown>up', 'up>degraded', 'degraded>down']);
    expect([['degraded>up', 'down>degraded'], ['down>up']]).toContainEqual(recovered.slice(3).sort());
    expect((await timeline('region')).sort()).toEqual([
      'ap-southeast unknown>up',
      'eu-west down>up',
      'eu-west unknown>up',
      'eu-west up>down',
      'us-east down>up',
      'us-east unknown>up',
      'us-east up>down',
    ]);
  });

  it('a region flapping on every check for ~8 s: no state change, no alert, no incident', {
    timeout: 40_000,
  }, async () => {
    const before = { incidents: (await allIncidents()).length, hooks: receiver.requests.length };
    const mails = alertMails().length;
    const startMs = Date.now();
    const flapFrom = target.count('eu-west');
    target.set('eu-west', 'flap');
    // Watch the shown status the whole time: it must never leave `up`.
    const seen = new Set<string>();
    while (target.count('eu-west') - flapFrom < 8) {
      seen.add(await statusOf());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await afterEvaluated(1);
    target.set('eu-west', 'up');
    const flapped = target.answers.filter((answer) => answer.region === 'eu-west').slice(flapFrom);
    expect(flapped.filter((answer) => answer.status === 503).length).toBeGreaterThanOrEqual(4);
    // The failing checks were stored and evaluated: alternate 503s reached the evaluator.
    const { body } = await client.get(`${org}/monitors/${monitorId}/results?region=eu-west&limit=50`);
    const flapResults = (body.items as { startedAt: string; ok: boolean }[]).filter(
      (result) => Date.parse(result.startedAt) >= startMs,
    );
    expect(flapResults.filter((result) => !result.ok).length).toBeGreaterThanOrEqual(4);
    await afterEvaluated(2);
    seen.add(await statusOf());
    expect([...seen]).toEqual(['up']);
    expect(await timeline('monitor', startMs)).toEqual([]);
    expect(await timeline('region', startMs)).toEqual([]);
    expect(receiver.requests).toHaveLength(before.hooks);
    expect(alertMails()).toHaveLength(mails);
    expect(await allIncidents()).toHaveLength(before.incidents);
  });
});
