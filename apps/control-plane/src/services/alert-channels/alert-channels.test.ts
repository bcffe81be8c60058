import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { orgIdOf } from '../../test-support/monitors.ts';

// Private targets refused, so the address rules of alert URLs are in force.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, { ALLOW_PRIVATE_TARGETS: 'false' });
afterAll(() => controlPlane.stop());
const { url } = controlPlane;

const webhook = { name: 'Ops hook', type: 'webhook', config: { url: 'https://hooks.example.com/vantage' } };

describe('alert channel CRUD', () => {
  it('creates every kind, shows secrets once, masks them after, updates, deletes and audits', async () => {
    const { client, orgSlug } = await registerUser(url);
    const base = `/orgs/${orgSlug}/alert-channels`;
    const created = await client.post(base, webhook);
    expect(created.status).toBe(201);
    const channel = created.body.alertChannel;
    expect(channel).toMatchObject({
      name: 'Ops hook',
      type: 'webhook',
      notifyOn: ['down', 'recovered', 'reminder', 'tls', 'heartbeat'],
      reminderEveryMinutes: null,
    });
    const secret = channel.config.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const read = await client.get(`${base}/${channel.id}`);
    expect(read.body.alertChannel.config).toEqual({
      url: 'https://hooks.example.com/vantage',
      secret: `…${secret.slice(-4)}`,
    });

    const others = [
      { name: 'Mail', type: 'email', config: { to: ['Oncall@Example.com'] } },
      { name: 'Slack', type: 'slack', config: { webhookUrl: 'https://hooks.slack.com/services/T/B/xyz' } },
      { name: 'Discord', type: 'discord', config: { webhookUrl: 'https://discord.com/api/webhooks/1/abc' } },
      { name: 'PD', type: 'pagerduty', config: { routingKey: 'R0UTINGKEY0123456789abcdef012345' } },
    ];
    for (const body of others) expect((await client.post(base, body)).status).toBe(201);
    const list = await client.get(base);
    expect(list.body.items.map((item: { config: unknown }) => item.config)).toEqual([
      { url: 'https://hooks.example.com/vantage', secret: `…${secret.slice(-4)}` },
      { to: ['oncall@example.com'] },
      { webhookUrl: 'https://hooks.slack.com/…' },
      { webhookUrl: 'https://discord.com/…' },
      { routingKey: '…2345' },
    ]);

    const patched = await client.patch(`${base}/${channel.id}`, {
      name: 'Ops',
      config: { url: 'https://hooks.example.com/v2' },
      notifyOn: ['down', 'degraded'],
      reminderEveryMinutes: 30,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.alertChannel).toMatchObject({
      name: 'Ops',
      config: { url: 'https://hooks.example.com/v2', secret: `…${secret.slice(-4)}` },
      notifyOn: ['down', 'degraded'],
      reminderEveryMinutes: 30,
    });
    expect((await client.delete(`${base}/${channel.id}`)).status).toBe(204);
    expect((await client.get(`${base}/${channel.id}`)).status).toBe(404);
    const orgId = await orgIdOf(services, orgSlug);
    const actions = await services.db.anyFirst(sql.unsafe`
      SELECT action FROM audit_log WHERE org_id = ${orgId} AND target_id = ${channel.id} ORDER BY id`);
    expect(actions).toEqual(['alert_channel.create', 'alert_channel.update', 'alert_channel.delete']);
  });

  it('stores secrets encrypted, never in plain text', async () => {
    const { client, orgSlug } = await registerUser(url);
    const routingKey = 'PLAINTEXTROUTINGKEY-must-not-leak';
    const created = await client.post(`/orgs/${orgSlug}/alert-channels`, {
      name: 'PD',
      type: 'pagerduty',
      config: { routingKey },
    });
    const row = (await services.db.one(sql.unsafe`
      SELECT config::text AS config, sealed_secrets FROM alert_channels WHERE id = ${created.body.alertChannel.id}`)) as {
      config: string;
      sealed_secrets: Buffer;
    };
    expect(row.config).not.toContain(routingKey);
    expect(row.sealed_secrets.toString('latin1')).not.toContain(routingKey);
  });
});

describe('bad channel settings get a 400 naming the field, never a failed job later', () => {
  it.each([
    ['invalid webhook URL', { ...webhook, config: { url: 'not a url' } }, 'body.config.url'],
    ['non-http webhook URL', { ...webhook, config: { url: 'ftp://example.com/x' } }, 'body.config.url'],
    [
      'short webhook secret',
      { ...webhook, config: { url: 'https://example.com/x', secret: 'short' } },
      'body.config.secret',
    ],
    ['missing Slack URL', { name: 'S', type: 'slack', config: {} }, 'body.config.webhookUrl'],
    ['missing routing key', { name: 'P', type: 'pagerduty', config: {} }, 'body.config.routingKey'],
    ['bad email', { name: 'M', type: 'email', config: { to: ['nope'] } }, 'body.config.to.0'],
    ['no recipients', { name: 'M', type: 'email', config: { to: [] } }, 'body.config.to'],
    ['unknown kind', { name: 'X', type: 'sms', config: {} }, 'body.type'],
    ['unknown notifyOn', { ...webhook, notifyOn: ['sometimes'] }, 'body.notifyOn.0'],
    ['loopback webhook', { ...webhook, config: { url: 'http://127.0.0.1:9/hook' } }, 'body.config.url'],
    ['metadata webhook', { ...webhook, config: { url: 'http://169.254.169.254/latest' } }, 'body.config.url'],
    [
      'private Slack URL',
      { name: 'S', type: 'slack', config: { webhookUrl: 'http://10.0.0.5/x' } },
      'body.config.webhookUrl',
    ],
  ])('%s', async (_name, body, path) => {
    const { client, orgSlug } = await registerUser(url);
    const response = await client.post(`/orgs/${orgSlug}/alert-channels`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect((await client.get(`/orgs/${orgSlug}/alert-channels`)).body.items).toEqual([]);
  });

  it('checks updated settings the same way', async () => {
    const { client, orgSlug } = await registerUser(url);
    const base = `/orgs/${orgSlug}/alert-channels`;
    const { body } = await client.post(base, webhook);
    const id = body.alertChannel.id;
    const bad = await client.patch(`${base}/${id}`, { config: { url: 'http://127.0.0.1/x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.config.url');
    const wrongKind = await client.patch(`${base}/${id}`, { config: { webhookUrl: 'https://example.com' } });
    expect(wrongKind.status).toBe(400);
    expect((await client.get(`${base}/${id}`)).body.alertChannel.config.url).toBe(webhook.config.url);
  });

  it('refuses kinds the plan does not include with 402', async () => {
    const { client, orgSlug } = await registerUser(url);
    await services.db.query(sql.unsafe`UPDATE organizations SET plan = 'free' WHERE slug = ${orgSlug}`);
    const slack = { name: 'S', type: 'slack', config: { webhookUrl: 'https://hooks.slack.com/x' } };
    const response = await client.post(`/orgs/${orgSlug}/alert-channels`, slack);
    expect(response.status).toBe(402);
    const email = { name: 'M', type: 'email', config: { to: ['a@example.com'] } };
    expect((await client.post(`/orgs/${orgSlug}/alert-channels`, email)).status).toBe(201);
  });
});

describe('access', () => {
  it("answers 404 for another organization's channels and deliveries", async () => {
    const a = await registerUser(url);
    const b = await registerUser(url);
    const theirs = (await b.client.post(`/orgs/${b.orgSlug}/alert-channels`, webhook)).body.alertChannel;
    const delivery = (await b.client.post(`/orgs/${b.orgSlug}/alert-channels/${theirs.id}/test`)).body;
    const base = `/orgs/${a.orgSlug}/alert-channels/${theirs.id}`;
    const responses = await Promise.all([
      a.client.get(base),
      a.client.patch(base, { name: 'mine' }),
      a.client.delete(base),
      a.client.post(`${base}/test`),
      a.client.get(`${base}/deliveries`),
      a.client.post(`/orgs/${a.orgSlug}/deliveries/${delivery.deliveryId}/retry`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(
      (await b.client.get(`/orgs/${b.orgSlug}/alert-channels/${theirs.id}`)).body.alertChannel.name,
    ).toBe('Ops hook');
  });

  it('lets a viewer read but not write', async () => {
    const owner = await registerUser(url);
    const viewer = await registerUser(url);
    const orgId = await orgIdOf(services, owner.orgSlug);
    await services.db.query(sql.unsafe`
      INSERT INTO memberships (org_id, user_id, role) VALUES (${orgId}, ${viewer.userId}, 'viewer')`);
    const base = `/orgs/${owner.orgSlug}/alert-channels`;
    const { id } = (await owner.client.post(base, webhook)).body.alertChannel;
    expect((await viewer.client.get(base)).body.items).toHaveLength(1);
    expect((await viewer.client.get(`${base}/${id}/deliveries`)).status).toBe(200);
    const writes = await Promise.all([
      viewer.client.post(base, webhook),
      viewer.client.patch(`${base}/${id}`, { name: 'x' }),
      viewer.client.delete(`${base}/${id}`),
      viewer.client.post(`${base}/${id}/test`),
    ]);
    expect(writes.map((response) => response.status)).toEqual([403, 403, 403, 403]);
  });
});
