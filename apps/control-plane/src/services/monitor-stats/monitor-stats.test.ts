import { randomUUID } from 'node:crypto';
import type { StatusEvent } from '@vantage/domain';
import { toCheckResultRow, writeCheckResults, writeStatusEvents } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { httpBody, insertPlatformRegions, orgIdOf } from '../../test-support/monitors.ts';
import { checkResult } from '../../test-support/results.ts';

// Needs the monitor-stats handlers in http/routes.ts.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
afterAll(() => controlPlane.stop());
const { url } = controlPlane;
await insertPlatformRegions(services);
const owner = await registerUser(url);
const other = await registerUser(url);
const orgId = await orgIdOf(services, owner.orgSlug);
const body = httpBody({ regions: ['eu-west', 'us-east', 'ap-south'] });
const monitor = (await owner.client.post(`/orgs/${owner.orgSlug}/monitors`, body)).body;
const base = `/orgs/${owner.orgSlug}/monitors/${monitor.id}`;

const minute = 60_000;
const day = 86_400_000;
const todayMs = Math.floor(Date.now() / day) * day;
// One hour, yesterday 10:00–11:00 UTC: us-east down from 10:15 to 10:45, the monitor stays up.
const startMs = todayMs - day + 10 * 60 * minute;
const endMs = startMs + 60 * minute;
const event = (atMs: number, to: string, region = ''): StatusEvent => ({
  eventId: `${monitor.id}|${region}|${atMs}|${to}`,
  orgId,
  monitorId: monitor.id,
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
  event(startMs - day, 'up'),
  ...['eu-west', 'us-east', 'ap-south'].map((region) => event(startMs - day, 'up', region)),
  event(startMs + 15 * minute, 'down', 'us-east'),
  event(startMs + 45 * minute, 'up', 'us-east'),
]);
await writeCheckResults(
  services.results,
  ['eu-west', 'us-east', 'ap-south'].flatMap((region) =>
    Array.from({ length: 60 }, (_, index) => {
      const atMs = startMs + index * minute;
      const ok = !(region === 'us-east' && atMs >= startMs + 15 * minute && atMs < startMs + 45 * minute);
      return toCheckResultRow(
        checkResult(monitor.id, {
          region,
          startedAt: new Date(atMs),
          ok,
          failure: ok ? null : 'timeout',
          dnsMs: 1,
          connectMs: 2,
          tlsMs: 3,
          ttfbMs: 4,
          totalMs: region === 'ap-south' ? 200 : 50,
        }),
        { orgId, batchId: randomUUID(), retentionDays: 90 },
      );
    }),
  ),
);
const range = `from=${new Date(startMs).toISOString()}&to=${new Date(endMs).toISOString()}`;

describe('GET /orgs/{org}/monitors/{id}/uptime', () => {
  it('answers per region and overall without averaging regions, with the raw success ratio', async () => {
    const response = await owner.client.get(`${base}/uptime?${range}`);
    expect(response.status).toBe(200);
    expect(response.body.overall).toEqual({
      uptimePercent: 100,
      downtimeMinutes: 0,
      degradedMinutes: 0,
      maintenanceMinutes: 0,
      unknownMinutes: 0,
      successRatio: 0.833333,
      checks: 180,
    });
    const east = response.body.regions.find((region: { region: string }) => region.region === 'us-east');
    expect(east).toMatchObject({ uptimePercent: 50, downtimeMinutes: 30, successRatio: 0.5, checks: 60 });
    expect(response.body.regions.map((region: { region: string }) => region.region)).toEqual([
      'ap-south',
      'eu-west',
      'us-east',
    ]);
  });

  it('filters regions and defaults to the last 30 days', async () => {
    const filtered = await owner.client.get(`${base}/uptime?region=eu-west`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.regions).toHaveLength(1);
    expect(filtered.body.regions[0]).toMatchObject({ region: 'eu-west', uptimePercent: 100, checks: 60 });
    expect(filtered.body.overall.checks).toBe(180);
  });

  it.each([
    ['from=yesterday', 'query.from'],
    ['to=2026-13-01T00:00:00Z', 'query.to'],
    ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'query.to'],
    ['from=2025-01-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'query.from'],
    ['color=red', 'query.color'],
  ])('rejects %s naming %s', async (query, path) => {
    const response = await owner.client.get(`${base}/uptime?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe(path);
  });
});

describe('GET /orgs/{org}/monitors/{id}/latency', () => {
  it('answers quantiles per bucket and region, choosing the bucket by range', async () => {
    const response = await owner.client.get(`${base}/latency?${range}&region=ap-south`);
    expect(response.status).toBe(200);
    expect(response.body.bucket).toBe('minute');
    expect(response.body.buckets).toHaveLength(60);
    expect(response.body.buckets[0]).toEqual({
      at: new Date(startMs).toISOString(),
      region: 'ap-south',
      p50Ms: 200,
      p95Ms: 200,
      p99Ms: 200,
      dnsMs: 1,
      connectMs: 2,
      tlsMs: 3,
      ttfbMs: 4,
      checks: 1,
    });
    const hourly = await owner.client.get(`${base}/latency?${range}&bucket=hour`);
    expect(
      hourly.body.buckets.map((bucket: { region: string; checks: number }) => [bucket.region, bucket.checks]),
    ).toEqual([
      ['ap-south', 60],
      ['eu-west', 60],
      ['us-east', 60],
    ]);
  });

  it.each([
    ['bucket=week', 'query.bucket'],
    ['bucket=minute&from=2026-10-01T00:00:00Z&to=2026-10-20T00:00:00Z', 'query.bucket'],
  ])('rejects %s', async (query, path) => {
    const response = await owner.client.get(`${base}/latency?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe(path);
  });
});

describe('GET /orgs/{org}/monitors/{id}/daily-bars', () => {
  it('gives 90 UTC days overall and per region with the worst state and downtime', async () => {
    const response = await owner.client.get(`${base}/daily-bars`);
    expect(response.status).toBe(200);
    expect(response.body.overall).toHaveLength(90);
    expect(response.body.overall[0]).toEqual({
      date: new Date(todayMs - 89 * day).toISOString().slice(0, 10),
      worstState: 'unknown',
      downtimeMinutes: 0,
      uptimePercent: null,
    });
    expect(response.body.overall[88]).toMatchObject({ worstState: 'up', uptimePercent: 100 });
    const east = response.body.regions.find((region: { region: string }) => region.region === 'us-east');
    expect(east.days[88]).toMatchObject({ worstState: 'down', downtimeMinutes: 30 });
  });

  it.each(['0', '401', 'many'])('rejects days=%s', async (days) => {
    const response = await owner.client.get(`${base}/daily-bars?days=${days}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('query.days');
  });
});

describe('access', () => {
  it.each(['uptime', 'latency', 'daily-bars'])(
    "answers 404 for another organization's monitor (%s)",
    async (path) => {
      expect((await other.client.get(`/orgs/${other.orgSlug}/monitors/${monitor.id}/${path}`)).status).toBe(
        404,
      );
      expect((await other.client.get(`${base}/${path}`)).status).toBe(404);
      expect((await owner.client.get(`/orgs/${owner.orgSlug}/monitors/${randomUUID()}/${path}`)).status).toBe(
        404,
      );
    },
  );

  it('lets a viewer API key read', async () => {
    const created = await owner.client.post(`/orgs/${owner.orgSlug}/api-keys`, {
      name: 'Read',
      role: 'viewer',
    });
    const viewer = ApiClient.withApiKey(url, created.body.secret);
    expect((await viewer.get(`${base}/uptime`)).status).toBe(200);
  });
});
