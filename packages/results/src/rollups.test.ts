import { randomUUID } from 'node:crypto';
import type { StatusEvent } from '@vantage/domain';
import { useTestServices } from '@vantage/testing';
import { describe, expect, it } from 'vitest';
import { type CheckResultRow, chTime } from './check-result-row.ts';
import { writeCheckResults } from './check-results.ts';
import { readDailyBars } from './daily-bars.ts';
import { readLatency } from './latency.ts';
import { type RollupBucket, readSuccessCounts, rollupSegments } from './rollups.ts';
import { writeStatusEvents } from './status-events.ts';
import { readUptime } from './uptime.ts';

const services = await useTestServices();
const store = services.results;
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
// A recent UTC hour, two days back, so every rollup keeps it (the minute table keeps 30 days).
const baseMs = Math.floor(Date.now() / day) * day - 2 * day + 10 * hour;
const iso = (ms: number) => new Date(ms).toISOString();

function row(
  monitorId: string,
  orgId: string,
  atMs: number,
  over: Partial<CheckResultRow> = {},
): CheckResultRow {
  return {
    result_id: randomUUID(),
    batch_id: randomUUID(),
    org_id: orgId,
    monitor_id: monitorId,
    region: 'eu-west',
    probe_id: randomUUID(),
    started_at: chTime(new Date(atMs), true),
    ok: true,
    failure: '',
    status_code: 200,
    dns_ms: 2,
    connect_ms: 4,
    tls_ms: null,
    ttfb_ms: 10,
    total_ms: 100,
    resolved_ip: '',
    tls_expires_at: null,
    error: '',
    retention_days: 90,
    ...over,
  };
}

function event(monitorId: string, orgId: string, atMs: number, to: string, region = ''): StatusEvent {
  return {
    eventId: `${monitorId}|${region}|${atMs}|${to}`,
    orgId,
    monitorId,
    scope: region ? 'region' : 'monitor',
    region,
    from: '',
    to,
    at: new Date(atMs),
    failure: null,
    error: null,
    affectedRegions: [],
  };
}

describe('rollup segments', () => {
  it.each([
    ['inside one hour: minutes only', '2026-11-01T10:05:00Z', '2026-11-01T10:20:00Z', ['minute']],
    ['hours plus minute edges', '2026-11-01T09:30:00Z', '2026-11-01T12:10:00Z', ['minute', 'hour', 'minute']],
    [
      'days in the middle, hours and minutes at the edges',
      '2026-11-01T09:30:00Z',
      '2026-11-05T02:10:00Z',
      ['minute', 'hour', 'day', 'hour', 'minute'],
    ],
    ['whole days only', '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z', ['day']],
    ['down to hours only', '2026-11-01T09:30:00Z', '2026-11-05T02:10:00Z', ['hour', 'day', 'hour'], 'hour'],
  ] as const)('%s', (_, from, to, buckets, finest: RollupBucket = 'minute') => {
    const segments = rollupSegments(Date.parse(from), Date.parse(to), finest);
    expect(segments.map((segment) => segment.bucket)).toEqual(buckets);
    expect(segments[0]?.fromMs).toBe(Date.parse(from));
    expect(segments.at(-1)?.toMs).toBe(Date.parse(to));
    for (const [index, segment] of segments.slice(1).entries())
      expect(segment.fromMs).toBe(segments[index]?.toMs);
  });
});

describe('rollups and queries on ClickHouse', () => {
  const orgId = randomUUID();
  const monitorId = randomUUID();
  // Two hours of results every 30 s from two regions; us-east fails for 10 minutes in the second hour.
  const rows: CheckResultRow[] = [];
  for (let atMs = baseMs; atMs < baseMs + 2 * hour; atMs += 30_000) {
    rows.push(row(monitorId, orgId, atMs, { total_ms: 100 + ((atMs / 30_000) % 10) }));
    const failing = atMs >= baseMs + 70 * minute && atMs < baseMs + 80 * minute;
    rows.push(row(monitorId, orgId, atMs, { region: 'us-east', ok: !failing, total_ms: 300, dns_ms: null }));
  }
  const written = writeCheckResults(store, rows);

  it('counts checks and successes per minute, hour and day', async () => {
    await written;
    const minuteOf = await readLatency(store, {
      orgId,
      monitorId,
      from: new Date(baseMs),
      to: new Date(baseMs + minute),
      bucket: 'minute',
    });
    expect(minuteOf.map((bucket) => [bucket.region, bucket.checks])).toEqual([
      ['eu-west', 2],
      ['us-east', 2],
    ]);
    const hours = await readLatency(store, {
      orgId,
      monitorId,
      from: new Date(baseMs),
      to: new Date(baseMs + 2 * hour),
      bucket: 'hour',
      region: 'us-east',
    });
    expect(hours.map((bucket) => [bucket.at.toISOString(), bucket.checks])).toEqual([
      [iso(baseMs), 120],
      [iso(baseMs + hour), 120],
    ]);
    const counts = await readSuccessCounts(store, {
      orgId,
      monitorId,
      from: new Date(baseMs - day),
      to: new Date(baseMs + day),
    });
    expect(counts).toEqual([
      { region: 'eu-west', checks: 240, successes: 240 },
      { region: 'us-east', checks: 240, successes: 220 },
    ]);
  });

  it('answers quantiles and phase averages per bucket', async () => {
    await written;
    const [days] = await readLatency(store, {
      orgId,
      monitorId,
      from: new Date(baseMs),
      to: new Date(baseMs + hour),
      bucket: 'day',
      region: 'eu-west',
    });
    expect(days).toMatchObject({
      at: new Date(Math.floor(baseMs / day) * day),
      region: 'eu-west',
      checks: 240,
    });
    expect(days?.p50Ms).toBeCloseTo(104.5, 0);
    expect(days?.p99Ms).toBeGreaterThanOrEqual(108);
    expect(days).toMatchObject({ dnsMs: 2, connectMs: 4, tlsMs: null, ttfbMs: 10 });
    const [east] = await readLatency(store, {
      orgId,
      monitorId,
      from: new Date(baseMs),
      to: new Date(baseMs + hour),
      bucket: 'hour',
      region: 'us-east',
    });
    expect(east).toMatchObject({ p50Ms: 300, p95Ms: 300, p99Ms: 300, dnsMs: null });
  });

  it('keeps other monitors and organizations out', async () => {
    await written;
    const other = await readSuccessCounts(store, {
      orgId: randomUUID(),
      monitorId,
      from: new Date(baseMs),
      to: new Date(baseMs + hour),
    });
    expect(other).toEqual([]);
  });
});

describe('uptime and daily bars from the timeline', () => {
  const orgId = randomUUID();
  const monitorId = randomUUID();
  const from = new Date(baseMs);
  const to = new Date(baseMs + hour);
  const events = [
    event(monitorId, orgId, baseMs - day, 'up'),
    event(monitorId, orgId, baseMs - day, 'up', 'eu-west'),
    event(monitorId, orgId, baseMs - day, 'up', 'us-east'),
    event(monitorId, orgId, baseMs - day, 'up', 'ap-south'),
    // us-east down for 30 of the 60 minutes; the monitor (2 of 3 up) stays up.
    event(monitorId, orgId, baseMs + 15 * minute, 'down', 'us-east'),
    event(monitorId, orgId, baseMs + 45 * minute, 'up', 'us-east'),
  ];
  const written = writeStatusEvents(store, events);

  it('gives a region its own uptime without averaging it into the overall one', async () => {
    await written;
    const uptime = await readUptime(store, { orgId, monitorId, from, to });
    expect(uptime.overall).toMatchObject({
      uptimePercent: 100,
      downtimeMinutes: 0,
      checks: 0,
      successRatio: null,
    });
    expect(
      uptime.regions.map((region) => [region.region, region.uptimePercent, region.downtimeMinutes]),
    ).toEqual([
      ['ap-south', 100, 0],
      ['eu-west', 100, 0],
      ['us-east', 50, 30],
    ]);
  });

  it('leaves maintenance out for the monitor and its regions, and filters by region', async () => {
    const maintained = randomUUID();
    await writeStatusEvents(store, [
      event(maintained, orgId, baseMs - hour, 'up'),
      event(maintained, orgId, baseMs - hour, 'up', 'eu-west'),
      event(maintained, orgId, baseMs + 10 * minute, 'maintenance'),
      event(maintained, orgId, baseMs + 20 * minute, 'down', 'eu-west'),
      event(maintained, orgId, baseMs + 40 * minute, 'up'),
      event(maintained, orgId, baseMs + 50 * minute, 'up', 'eu-west'),
    ]);
    const uptime = await readUptime(store, {
      orgId,
      monitorId: maintained,
      from,
      to,
      regions: ['eu-west', 'us-east'],
      region: 'eu-west',
    });
    expect(uptime.overall).toMatchObject({ uptimePercent: 100, maintenanceMinutes: 30 });
    expect(uptime.regions).toEqual([
      expect.objectContaining({
        region: 'eu-west',
        maintenanceMinutes: 30,
        downtimeMinutes: 10,
        uptimePercent: 66.6667,
      }),
    ]);
    const all = await readUptime(store, { orgId, monitorId: maintained, from, to, regions: ['us-east'] });
    expect(all.regions.find((region) => region.region === 'us-east')).toMatchObject({
      uptimePercent: null,
      unknownMinutes: 30,
      maintenanceMinutes: 30,
    });
  });

  it('draws daily bars with the worst state and downtime of each UTC day', async () => {
    await written;
    const now = new Date(baseMs + 2 * day);
    const bars = await readDailyBars(store, { orgId, monitorId, days: 4, now });
    const dayOf = (offset: number) => iso(Math.floor(baseMs / day) * day + offset * day).slice(0, 10);
    expect(bars.overall.map((bar) => [bar.date, bar.worstState])).toEqual([
      [dayOf(-1), 'up'],
      [dayOf(0), 'up'],
      [dayOf(1), 'up'],
      [dayOf(2), 'up'],
    ]);
    const east = bars.regions.find((region) => region.region === 'us-east');
    expect(east?.days[1]).toEqual({
      date: dayOf(0),
      worstState: 'down',
      downtimeMinutes: 30,
      uptimePercent: 97.9167,
    });
    expect(east?.days[0]?.worstState).toBe('up');
    const before = await readDailyBars(store, {
      orgId,
      monitorId,
      days: 3,
      now: new Date(baseMs - day + hour),
    });
    expect(before.overall.map((bar) => [bar.worstState, bar.uptimePercent])).toEqual([
      ['unknown', null],
      ['unknown', null],
      ['up', 100],
    ]);
  });
});
