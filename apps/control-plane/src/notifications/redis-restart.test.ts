import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from '@vantage/db';
import { createRedis } from '@vantage/queue';
import { freePort, startRedisServer, startWebhookReceiver, useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.ts';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { eventually, httpBody, insertPlatformRegions, orgIdOf } from '../test-support/monitors.ts';
import { openAlertEventQueue } from './queues.ts';
import { startNotificationWorkers } from './workers.ts';

// A Redis of this file's own (append-only file on disk), so it can be restarted mid-delivery.
const services = await useTestServices();
const redisDir = await mkdtemp(join(tmpdir(), 'vantage-redis-restart-'));
const redisPort = await freePort();
const startRedis = () => startRedisServer({ port: redisPort, dataDir: redisDir, persistent: true });
let redis = await startRedis();
const receiver = await startWebhookReceiver();
const controlPlane = await startTestControlPlane(services, { REDIS_URL: redis.url });
await insertPlatformRegions(services);
const prefix = `${services.namespace}:restart:`;
const app: AppContext = {
  ...controlPlane.context,
  config: { ...controlPlane.context.config, redisKeyPrefix: prefix },
};
const workers = startNotificationWorkers(app, {
  attempts: 20,
  backoffMs: 200,
  stalledIntervalMs: 500,
  lockDurationMs: 1_000,
});
const producer = createRedis(redis.url);
const alertEvents = openAlertEventQueue(producer, prefix);
afterAll(async () => {
  await workers.stop();
  await alertEvents.close();
  producer.disconnect();
  await controlPlane.stop();
  await receiver.stop();
  await redis.stop();
  await rm(redisDir, { recursive: true, force: true });
});

describe('alert delivery across a Redis restart', () => {
  it('loses no alert and sends none twice', async () => {
    const user = await registerUser(controlPlane.url);
    const channel = await user.client.post(`/orgs/${user.orgSlug}/alert-channels`, {
      name: 'Hook',
      type: 'webhook',
      config: { url: `${receiver.url}/restart` },
    });
    const monitor = await user.client.post(
      `/orgs/${user.orgSlug}/monitors`,
      httpBody({ alertChannelIds: [channel.body.alertChannel.id] }),
    );
    const channelId = channel.body.alertChannel.id as string;
    const status = () =>
      services.db.maybeOneFirst(sql.unsafe`SELECT status FROM deliveries WHERE channel_id = ${channelId}`);
    const attempts = () =>
      services.db.oneFirst(sql.unsafe`
      SELECT count(*)::int FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.channel_id = ${channelId}`);

    // The receiver is down, so the delivery sits in Redis between retries when Redis goes away.
    await receiver.down();
    await alertEvents.add('alert', {
      eventId: `restart-${randomUUID()}`,
      kind: 'monitor.down',
      orgId: await orgIdOf(services, user.orgSlug),
      monitorId: monitor.body.id,
      incidentId: null,
      at: new Date().toISOString(),
      title: 'Homepage is down in eu-west, us-east',
      summary: 'HTTP 503',
      regions: ['eu-west', 'us-east'],
    });
    await eventually(attempts, (count) => Number(count) >= 1);
    await redis.stop();
    redis = await startRedis();
    await receiver.up();
    await eventually(status, (value) => value === 'delivered', 30_000);
    expect(receiver.requests.filter((request) => request.path === '/restart')).toHaveLength(1);
  });
});
