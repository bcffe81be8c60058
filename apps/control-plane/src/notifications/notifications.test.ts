import { createHmac, randomUUID } from 'node:crypto';
import { sql } from '@vantage/db';
import { type AlertEvent, createRedis } from '@vantage/queue';
import { type ReceivedRequest, startWebhookReceiver, useTestServices } from '@vantage/testing';
import type { Job } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.ts';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { eventually, httpBody, insertPlatformRegions, orgIdOf } from '../test-support/monitors.ts';
import { openAlertEventQueue, publishAlertEvent } from './queues.ts';
import { startNotificationWorkers } from './workers.ts';

// Self-hosted: private targets allowed, so alerts may go to the local receiver.
const services = await useTestServices();
const receiver = await startWebhookReceiver();
afterAll(() => receiver.stop());
const controlPlane = await startTestControlPlane(services, {
  PAGERDUTY_EVENTS_URL: `${receiver.url}/pagerduty`,
});
afterAll(() => controlPlane.stop());
await insertPlatformRegions(services);
const { url } = controlPlane;

// Queue-driven tests run on a prefix of their own with short retries, so workers the server itself
// starts (default retries) never pick up their jobs.
const app: AppContext = {
  ...controlPlane.context,
  config: { ...controlPlane.context.config, redisKeyPrefix: `${services.namespace}:alerts-test:` },
};
const fast = { attempts: 3, backoffMs: 100, stalledIntervalMs: 500, lockDurationMs: 1_000 };
let workers = startNotificationWorkers(app, fast);
// Test sends and manual retries go through the server's own prefix.
const serverWorkers = startNotificationWorkers(controlPlane.context, fast);
afterAll(() => Promise.all([workers.stop(), serverWorkers.stop()]));
const producer = createRedis(services.redisUrl);
const alertEvents = openAlertEventQueue(producer, app.config.redisKeyPrefix);
afterAll(async () => {
  await alertEvents.close();
  producer.disconnect();
});

/** An organization with a monitor that alerts the channels created by `channels`. */
async function monitorWithChannels(channels: Record<string, unknown>[]) {
  const user = await registerUser(url);
  const ids: string[] = [];
  for (const channel of channels) {
    const created = await user.client.post(`/orgs/${user.orgSlug}/alert-channels`, channel);
    expect(created.status).toBe(201);
    ids.push(created.body.alertChannel.id);
  }
  const monitor = await user.client.post(
    `/orgs/${user.orgSlug}/monitors`,
    httpBody({ alertChannelIds: ids }),
  );
  expect(monitor.status).toBe(201);
  return {
    ...user,
    orgId: await orgIdOf(services, user.orgSlug),
    monitorId: monitor.body.id as string,
    channelIds: ids,
  };
}

function alertEvent(orgId: string, monitorId: string, kind: AlertEvent['kind'], at = new Date()): AlertEvent {
  return {
    eventId: `${monitorId}-${kind}-${at.getTime()}-${randomUUID()}`,
    kind,
    orgId,
    monitorId,
    incidentId: null,
    at: at.toISOString(),
    title: `Homepage is ${kind.split('.')[1]} in eu-west, us-east`,
    summary: 'HTTP 503 from https://example.com/',
    regions: ['eu-west', 'us-east'],
  };
}

async function publish(event: AlertEvent, jobId: string = randomUUID()): Promise<Job> {
  return alertEvents.add('alert', event, { jobId });
}

/** Replaces the queue-driven workers with ones using `options`. */
async function restartWorkers(options: Parameters<typeof startNotificationWorkers>[1]): Promise<void> {
  await workers.stop();
  workers = startNotificationWorkers(app, options);
}

async function fannedOut(job: Job): Promise<void> {
  await eventually(
    () => job.getState(),
    (state) => state === 'completed',
  );
}

const hook = (path: string) => ({
  name: `Hook ${path}`,
  type: 'webhook',
  config: { url: `${receiver.url}${path}` },
});
const forPath = (path: string) => receiver.requests.filter((request) => request.path === path);
const deliveriesOf = (orgSlug: string, client: { get: (p: string) => Promise<{ body: any }> }, id: string) =>
  client.get(`/orgs/${orgSlug}/alert-channels/${id}/deliveries`).then((response) => response.body.items);

/** The verification WEBHOOKS.md documents. */
function verify(secret: string, request: ReceivedRequest): boolean {
  const header = String(request.headers['vantage-signature']);
  const { t, v1 } = Object.fromEntries(header.split(',').map((part) => part.split('=')));
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex');
  return v1 === expected && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

describe('webhook delivery', () => {
  it('sends a signed test event and lists it as delivered', async () => {
    const { client, orgSlug } = await registerUser(url);
    const created = await client.post(`/orgs/${orgSlug}/alert-channels`, hook('/test-send'));
    const { id, config } = created.body.alertChannel;
    const sent = await client.post(`/orgs/${orgSlug}/alert-channels/${id}/test`);
    expect(sent.status).toBe(202);
    const request = await receiver.waitFor((request) => request.path === '/test-send');
    expect(verify(config.secret, request)).toBe(true);
    expect(verify('whsec_wrong', request)).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({ deliveryId: sent.body.deliveryId, type: 'test' });
    const [delivery] = await eventually(
      () => deliveriesOf(orgSlug, client, id),
      (items) => items[0]?.status === 'delivered',
    );
    expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: 200, error: null })]);
  });

  it('sends an alert event queued twice exactly once', async () => {
    const { orgId, monitorId } = await monitorWithChannels([hook('/twice')]);
    const event = alertEvent(orgId, monitorId, 'monitor.down');
    await publishAlertEvent(alertEvents, event);
    await receiver.waitFor((request) => request.path === '/twice');
    // Once more the same way (one job per event id), once as a new job (dropped by the delivery row).
    await publishAlertEvent(alertEvents, event);
    await fannedOut(await publish(event));
    expect(forPath('/twice')).toHaveLength(1);
    expect(JSON.parse(forPath('/twice')[0]!.body)).toMatchObject({
      eventId: event.eventId,
      type: 'monitor.down',
    });
  });

  it('keeps retrying while the receiver is down and delivers once when it is back', async () => {
    const down = await startWebhookReceiver();
    afterAll(() => down.stop());
    await down.down();
    const { orgId, monitorId, channelIds } = await monitorWithChannels([
      { name: 'Flaky', type: 'webhook', config: { url: `${down.url}/flaky` } },
    ]);
    await restartWorkers({ ...fast, attempts: 6, backoffMs: 300 });
    await publish(alertEvent(orgId, monitorId, 'monitor.down'));
    await eventually(
      () => attemptsOf(channelIds[0]!),
      (attempts) => attempts.length >= 2,
    );
    await down.up();
    await eventually(
      () => statusOf(channelIds[0]!),
      (status) => status === 'delivered',
    );
    expect(down.requests).toHaveLength(1);
    const attempts = await attemptsOf(channelIds[0]!);
    expect(attempts.at(-1)).toMatchObject({ status_code: 200 });
    expect(attempts.slice(0, -1).every((attempt) => attempt.status_code === null && attempt.error)).toBe(
      true,
    );
  });

  it('stops at the attempt limit, lists the delivery as failed, and re-sends it on a manual retry', async () => {
    const { client, orgSlug, orgId, monitorId, channelIds } = await monitorWithChannels([
      hook('/always-500'),
    ]);
    const id = channelIds[0]!;
    await restartWorkers(fast);
    receiver.respondWith(500);
    try {
      await publish(alertEvent(orgId, monitorId, 'monitor.down'));
      const [failed] = await eventually(
        () => deliveriesOf(orgSlug, client, id),
        (items) => items[0]?.status === 'failed',
      );
      expect(failed.attempts.map((attempt: { statusCode: number }) => attempt.statusCode)).toHaveLength(
        fast.attempts,
      );
      expect(failed.attempts.every((attempt: { statusCode: number }) => attempt.statusCode === 500)).toBe(
        true,
      );
      receiver.respondWith(200);
      const retried = await client.post(`/orgs/${orgSlug}/deliveries/${failed.id}/retry`);
      expect(retried.status).toBe(202);
      expect(retried.body.delivery.status).toBe('pending');
      await eventually(
        () => deliveriesOf(orgSlug, client, id),
        (items) => items[0]?.status === 'delivered',
      );
      expect(forPath('/always-500').map((request) => request.status)).toEqual([500, 500, 500, 200]);
      const again = await client.post(`/orgs/${orgSlug}/deliveries/${failed.id}/retry`);
      expect(again.status).toBe(409);
    } finally {
      receiver.respondWith(200);
    }
  });

  it('processes a job exactly once after its worker stopped half-way', async () => {
    const gone = await startWebhookReceiver();
    afterAll(() => gone.stop());
    await gone.down();
    const { orgId, monitorId, channelIds } = await monitorWithChannels([
      { name: 'Later', type: 'webhook', config: { url: `${gone.url}/later` } },
    ]);
    await restartWorkers({ ...fast, attempts: 5, backoffMs: 1_000 });
    await publish(alertEvent(orgId, monitorId, 'monitor.down'));
    await eventually(
      () => attemptsOf(channelIds[0]!),
      (attempts) => attempts.length === 1,
    );
    // The job now waits in Redis for its retry; its worker goes away and another takes over.
    await workers.stop();
    await gone.up();
    workers = startNotificationWorkers(app, fast);
    await eventually(
      () => statusOf(channelIds[0]!),
      (status) => status === 'delivered',
    );
    expect(gone.requests).toHaveLength(1);
    expect(await attemptsOf(channelIds[0]!)).toHaveLength(2);
  });

  it('finishes a send in flight when its worker stops, and the next worker does not repeat it', async () => {
    const slow = await startWebhookReceiver();
    afterAll(() => slow.stop());
    slow.respondWith(200, 400);
    const { orgId, monitorId, channelIds } = await monitorWithChannels([
      { name: 'Slow', type: 'webhook', config: { url: `${slow.url}/slow` } },
    ]);
    await restartWorkers(fast);
    const job = await publish(alertEvent(orgId, monitorId, 'monitor.down'));
    await slow.waitFor(() => true);
    await workers.stop();
    workers = startNotificationWorkers(app, fast);
    await fannedOut(job);
    expect(await statusOf(channelIds[0]!)).toBe('delivered');
    // A fresh worker over the same queue finds nothing left to send.
    await fannedOut(await publish(alertEvent(orgId, monitorId, 'monitor.recovered')));
    await eventually(
      () => attemptsOf(channelIds[0]!),
      (attempts) => attempts.length === 2,
    );
    expect(slow.requests.map((request) => JSON.parse(request.body).type)).toEqual([
      'monitor.down',
      'monitor.recovered',
    ]);
  });
});

async function attemptsOf(channelId: string) {
  return (await services.db.any(sql.unsafe`
    SELECT a.status_code, a.error FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
    WHERE d.channel_id = ${channelId} ORDER BY a.id`)) as unknown as {
    status_code: number | null;
    error: string | null;
  }[];
}

async function statusOf(channelId: string) {
  return services.db.maybeOneFirst(sql.unsafe`SELECT status FROM deliveries WHERE channel_id = ${channelId}`);
}

describe('other channel kinds and policy', () => {
  it('emails the recipients with the title and summary', async () => {
    const to = `oncall-${randomUUID()}@example.com`;
    const { orgId, monitorId } = await monitorWithChannels([
      { name: 'Mail', type: 'email', config: { to: [to] } },
    ]);
    await publish(alertEvent(orgId, monitorId, 'monitor.down'));
    const mail = await controlPlane.mail.waitFor(to, /Homepage is down in eu-west, us-east/);
    expect(mail.subject).toBe('[Vantage] Homepage is down in eu-west, us-east');
    expect(mail.text).toContain('HTTP 503 from https://example.com/');
    expect(mail.text).toContain('Regions: eu-west, us-east');
  });

  it('sends Slack, Discord and PagerDuty their own formats; recovery resolves the page', async () => {
    const { orgId, monitorId } = await monitorWithChannels([
      { name: 'Slack', type: 'slack', config: { webhookUrl: `${receiver.url}/slack` } },
      { name: 'Discord', type: 'discord', config: { webhookUrl: `${receiver.url}/discord` } },
      {
        name: 'PD',
        type: 'pagerduty',
        config: { routingKey: 'routing-key-1' },
        notifyOn: ['down', 'recovered'],
      },
    ]);
    await publish(alertEvent(orgId, monitorId, 'monitor.down'));
    const slack = await receiver.waitFor((request) => request.path === '/slack');
    expect(JSON.parse(slack.body)).toMatchObject({
      text: 'Homepage is down in eu-west, us-east',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('HTTP 503') } }],
    });
    const discord = await receiver.waitFor((request) => request.path === '/discord');
    expect(JSON.parse(discord.body)).toMatchObject({
      embeds: [
        { title: 'Homepage is down in eu-west, us-east', description: expect.stringContaining('HTTP 503') },
      ],
    });
    const trigger = await receiver.waitFor(
      (request) => request.path === '/pagerduty' && request.body.includes(monitorId),
    );
    expect(JSON.parse(trigger.body)).toMatchObject({
      routing_key: 'routing-key-1',
      event_action: 'trigger',
      dedup_key: monitorId,
      payload: { summary: 'Homepage is down in eu-west, us-east', source: 'vantage', severity: 'critical' },
    });
    await publish(alertEvent(orgId, monitorId, 'monitor.recovered'));
    const resolve = await receiver.waitFor(
      (request) =>
        request.path === '/pagerduty' &&
        request.body.includes('"resolve"') &&
        request.body.includes(monitorId),
    );
    expect(JSON.parse(resolve.body)).toEqual({
      routing_key: 'routing-key-1',
      event_action: 'resolve',
      dedup_key: monitorId,
    });
  });

  it('tells each channel only what its notifyOn asks for', async () => {
    const { orgId, monitorId, channelIds } = await monitorWithChannels([
      hook('/default-policy'),
      { ...hook('/wants-degraded'), notifyOn: ['down', 'degraded'] },
    ]);
    await fannedOut(await publish(alertEvent(orgId, monitorId, 'monitor.degraded')));
    await receiver.waitFor((request) => request.path === '/wants-degraded');
    expect(await statusOf(channelIds[0]!)).toBeNull();
    expect(forPath('/default-policy')).toHaveLength(0);
  });

  it('sends reminders no more often than the channel asks', async () => {
    const { orgId, monitorId, channelIds } = await monitorWithChannels([
      { ...hook('/reminders'), reminderEveryMinutes: 30 },
      hook('/no-reminders'),
    ]);
    await fannedOut(await publish(alertEvent(orgId, monitorId, 'monitor.down')));
    await receiver.waitFor((request) => request.path === '/reminders');
    await fannedOut(await publish(alertEvent(orgId, monitorId, 'monitor.reminder')));
    const later = new Date(Date.now() + 31 * 60_000);
    await fannedOut(await publish(alertEvent(orgId, monitorId, 'monitor.reminder', later)));
    await eventually(
      () => forPath('/reminders'),
      (requests) => requests.length >= 2,
    );
    const kinds = forPath('/reminders').map((request) => JSON.parse(request.body).type);
    expect(kinds).toEqual(['monitor.down', 'monitor.reminder']);
    expect(forPath('/no-reminders').map((request) => JSON.parse(request.body).type)).toEqual([
      'monitor.down',
    ]);
    expect(channelIds).toHaveLength(2);
  });
});
