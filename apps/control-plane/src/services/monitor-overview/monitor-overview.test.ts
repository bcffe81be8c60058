import { randomUUID } from 'node:crypto';
import { saveRegionStates, sql } from '@vantage/db';
import { newRegionMemory, type StatusEvent } from '@vantage/domain';
import { toCheckResultRow, writeCheckResults, writeStatusEvents } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { httpBody, insertPlatformRegions, orgIdOf } from '../../test-support/monitors.ts';
import { checkResult } from '../../test-support/results.ts';

// Needs the monitor-overview handlers in http/routes.ts, ahead of the monitor routes.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
await insertPlatformRegions(services);

const owner = await registerUser(url);
const other = await registerUser(url);
const orgId = await orgIdOf(services, owner.orgSlug);
const org = `/orgs/${owner.orgSlug}`;
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const regions = ['eu-west', 'us-east', 'ap-south'];

async function create(body: Record<string, unknown>): Promise<{ id: string; heartbeatUrl?: string }> {
  const response = await owner.client.post(`${org}/monitors`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const shop = await create(
  httpBody({ name: 'Shop', url: 'https://shop.example.com/health', regions, tags: ['web'] }),
);
const database = await create({
  type: 'tcp',
  name: 'Database',
  host: 'db.example.com',
  port: 5432,
  regions: ['eu-west'],
});
const cron = await create({ type: 'heartbeat', name: 'Nightly backup', expectedEverySeconds: 3600 });
const idle = await create(httpBody({ name: 'Idle', regions: ['eu-west'] }));
await owner.client.post(`${org}/monitors/${idle.id}/pause`);
expect(
  (await other.client.post(`/orgs/${other.orgSlug}/monitors`, httpBody({ name: 'Theirs' }))).status,
).toBe(201);

// The evaluator's memory, as it would have stored it: eu-west up, us-east down, ap-south not heard from yet.
const euCheckMs = Date.now() - 30_000;
const usCheckMs = Date.now() - 90_000;
await saveRegionStates(services.db, {
  orgId,
  monitorId: shop.id,
  regions: [
    { ...newRegionMemory('eu-west'), state: 'up', shownState: 'up', lastCheckAt: new Date(euCheckMs) },
    { ...newRegionMemory('us-east'), state: 'down', shownState: 'down', lastCheckAt: new Date(usCheckMs) },
  ],
});
await services.db.query(sql.unsafe`UPDATE monitors SET status = 'degraded' WHERE id = ${shop.id}`);

// Shop's timeline: up since 40 days ago, down for one hour ten days ago. Database: no timeline at all.
const event = (atMs: number, to: string): StatusEvent => ({
  eventId: `${shop.id}||${atMs}|${to}`,
  orgId,
  monitorId: shop.id,
  scope: 'monitor',
  region: '',
  from: '',
  to,
  at: new Date(atMs),
  failure: null,
  error: null,
  affectedRegions: [],
});
const outageMs = Date.now() - 10 * day;
await writeStatusEvents(services.results, [
  event(Date.now() - 40 * day, 'up'),
  event(outageMs, 'down'),
  event(outageMs + hour, 'up'),
]);

// Two hours ago every region answered in 120 ms; an hour later eu-west answered in 400 ms.
const twoHoursAgoMs = Date.now() - 2 * hour;
const rows = [
  ...regions.map((region) => ({ region, startedAt: new Date(twoHoursAgoMs), totalMs: 120 })),
  { region: 'eu-west', startedAt: new Date(twoHoursAgoMs + hour), totalMs: 400 },
].map((overrides) =>
  toCheckResultRow(checkResult(shop.id, overrides), { orgId, batchId: randomUUID(), retentionDays: 90 }),
);
await writeCheckResults(services.results, rows);

const response = await owner.client.get(`${org}/monitors/overview`);
const items = response.body?.items as { id: string }[];
const item = (id: string) => items.find((candidate) => candidate.id === id) as any;

describe('GET /orgs/{org}/monitors/overview', () => {
  it('lists every monitor of the organization, oldest first (not shadowed by /monitors/{id})', () => {
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(items.map((monitor) => monitor.id)).toEqual([shop.id, database.id, cron.id, idle.id]);
    expect(response.body.regionNames).toMatchObject({ 'eu-west': 'EU West', 'us-east': 'US East' });
  });

  it("shows each region's state and the newest check, unknown for a region not heard from", () => {
    expect(item(shop.id)).toMatchObject({
      name: 'Shop',
      type: 'http',
      target: 'https://shop.example.com/health',
      tags: ['web'],
      status: 'degraded',
      paused: false,
      intervalSeconds: 300,
      lastCheckAt: new Date(euCheckMs).toISOString(),
      regions: [
        { region: 'eu-west', state: 'up', lastCheckAt: new Date(euCheckMs).toISOString() },
        { region: 'us-east', state: 'down', lastCheckAt: new Date(usCheckMs).toISOString() },
        { region: 'ap-south', state: 'unknown', lastCheckAt: null },
      ],
    });
    expect(item(database.id)).toMatchObject({
      target: 'db.example.com:5432',
      status: 'unknown',
      lastCheckAt: null,
      regions: [{ region: 'eu-west', state: 'unknown', lastCheckAt: null }],
    });
    expect(item(idle.id)).toMatchObject({ status: 'paused', paused: true });
  });

  it("gives the same 30-day uptime as the monitor's own uptime endpoint, null without a timeline", async () => {
    const own = await owner.client.get(`${org}/monitors/${shop.id}/uptime`);
    expect(own.body.overall.uptimePercent).toBeCloseTo(((30 * 24 * 60 - 60) / (30 * 24 * 60)) * 100, 3);
    expect(item(shop.id).uptime30d).toEqual({
      uptimePercent: own.body.overall.uptimePercent,
      downtimeMinutes: 60,
    });
    expect(item(database.id).uptime30d).toEqual({ uptimePercent: null, downtimeMinutes: 0 });
  });

  it('draws 24 hourly response-time buckets, regions together, empty where nothing was checked', () => {
    const { sparkline } = response.body;
    expect(sparkline).toMatchObject({ bucketSeconds: 3600, buckets: 24 });
    const indexOf = (atMs: number) => Math.floor((atMs - Date.parse(sparkline.from)) / hour);
    const shopRow = item(shop.id);
    expect(shopRow.p50Ms).toHaveLength(24);
    expect(shopRow.p50Ms[indexOf(twoHoursAgoMs)]).toBe(120);
    expect(shopRow.p95Ms[indexOf(twoHoursAgoMs)]).toBe(120);
    expect(shopRow.p50Ms[indexOf(twoHoursAgoMs + hour)]).toBe(400);
    expect(shopRow.p50Ms.filter((value: number | null) => value !== null)).toHaveLength(2);
    expect(item(database.id).p95Ms).toEqual(new Array(24).fill(null));
  });

  it('dates a heartbeat monitor by its newest ping', async () => {
    expect(item(cron.id)).toMatchObject({ type: 'heartbeat', intervalSeconds: 3600, lastCheckAt: null });
    const token = new URL(cron.heartbeatUrl ?? '').pathname.split('/').at(-1);
    expect((await fetch(`${url}/api/v1/heartbeat/${token}`, { method: 'POST' })).status).toBeLessThan(300);
    const after = await owner.client.get(`${org}/monitors/overview`);
    const pinged = after.body.items.find((candidate: { id: string }) => candidate.id === cron.id);
    expect(Date.now() - Date.parse(pinged.lastCheckAt)).toBeLessThan(60_000);
  });

  it('shows a monitor created a moment ago at once, next to the aggregates read before', async () => {
    const created = await create(httpBody({ name: 'Fresh', regions: ['us-east'] }));
    const after = await owner.client.get(`${org}/monitors/overview`);
    expect(after.body.items.map((monitor: { name: string }) => monitor.name)).toEqual([
      'Shop',
      'Database',
      'Nightly backup',
      'Idle',
      'Fresh',
    ]);
    const fresh = after.body.items.find((candidate: { id: string }) => candidate.id === created.id);
    expect(fresh).toMatchObject({
      status: 'unknown',
      uptime30d: { uptimePercent: null, downtimeMinutes: 0 },
    });
    const shopAgain = after.body.items.find((candidate: { id: string }) => candidate.id === shop.id);
    expect(shopAgain.uptime30d).toEqual(item(shop.id).uptime30d);
    await owner.client.delete(`${org}/monitors/${created.id}`);
  });

  it("never shows another organization's monitors, and answers it 404", async () => {
    const own = await other.client.get(`/orgs/${other.orgSlug}/monitors/overview`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((monitor: { name: string }) => monitor.name)).toEqual(['Theirs']);
    expect((await other.client.get(`${org}/monitors/overview`)).status).toBe(404);
  });

  it('lets a viewer API key read it', async () => {
    const created = await owner.client.post(`${org}/api-keys`, { name: 'Read', role: 'viewer' });
    const viewer = ApiClient.withApiKey(url, created.body.secret);
    expect((await viewer.get(`${org}/monitors/overview`)).status).toBe(200);
  });
});
