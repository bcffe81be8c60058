import { z } from 'zod';
import { orgIdParams, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

const region = z.string().min(1).max(40);
const isoTime = z.iso.datetime({ offset: true });

/** Range of a stats query: ISO times (default: the last 30 days up to now; at most 400 days). */
export const statsRangeQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  region: region.optional(),
});

/** Uptime of one scope over the range (time-weighted from the status timeline). */
export const uptimeStatsSchema = z.object({
  /** Available (up + degraded) share of the up/degraded/down time; null when none of it is known. */
  uptimePercent: z.number().nullable(),
  downtimeMinutes: z.number(),
  degradedMinutes: z.number(),
  /** Left out of the percentage: maintenance windows, and time without a known state (or paused). */
  maintenanceMinutes: z.number(),
  unknownMinutes: z.number(),
  /** Raw successful checks / checks; null without checks. */
  successRatio: z.number().nullable(),
  checks: z.int(),
});

/** Uptime overall (the monitor's own timeline, never an average of regions) and per region. */
export const uptimeResponse = z.object({
  overall: uptimeStatsSchema,
  regions: z.array(uptimeStatsSchema.extend({ region: z.string() })),
});

/** A monitor's uptime over a range. */
export const uptime = endpoint({
  id: 'monitorStats.uptime',
  method: 'GET',
  path: '/orgs/{org}/monitors/{id}/uptime',
  summary: "A monitor's time-weighted uptime overall and per region, maintenance excluded",
  tag: 'monitor-stats',
  access: { kind: 'org', action: 'monitor:read' },
  params: orgIdParams,
  query: statsRangeQuery,
  response: uptimeResponse,
});

/** Latency bucket sizes. */
export const latencyBuckets = ['minute', 'hour', 'day'] as const;

/** Latency chart query: the range, a bucket size (default: by range) and a region. */
export const latencyQuery = statsRangeQuery.extend({ bucket: z.enum(latencyBuckets).optional() });

const optionalMs = z.number().nullable();

/** One region's latency in one bucket. */
export const latencyBucketSchema = z.object({
  at: timestamp,
  region: z.string(),
  p50Ms: optionalMs,
  p95Ms: optionalMs,
  p99Ms: optionalMs,
  dnsMs: optionalMs,
  connectMs: optionalMs,
  tlsMs: optionalMs,
  ttfbMs: optionalMs,
  checks: z.int(),
});

/** A monitor's latency quantiles per bucket and region. */
export const latency = endpoint({
  id: 'monitorStats.latency',
  method: 'GET',
  path: '/orgs/{org}/monitors/{id}/latency',
  summary: "A monitor's response-time quantiles and phase averages per time bucket and region",
  tag: 'monitor-stats',
  access: { kind: 'org', action: 'monitor:read' },
  params: orgIdParams,
  query: latencyQuery,
  response: z.object({ bucket: z.enum(latencyBuckets), buckets: z.array(latencyBucketSchema) }),
});

/** Daily bars query: how many UTC days up to today, and a region. */
export const dailyBarsQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(400).default(90),
  region: region.optional(),
});

/** One UTC day: its worst state (`unknown` without data), downtime and uptime. */
export const dayBarSchema = z.object({
  date: z.iso.date(),
  worstState: z.enum(['up', 'degraded', 'down', 'maintenance', 'unknown']),
  downtimeMinutes: z.number(),
  uptimePercent: z.number().nullable(),
});

/** A monitor's daily bars, overall and per region, oldest day first. */
export const dailyBars = endpoint({
  id: 'monitorStats.dailyBars',
  method: 'GET',
  path: '/orgs/{org}/monitors/{id}/daily-bars',
  summary: "A monitor's worst state, downtime and uptime per UTC day, overall and per region",
  tag: 'monitor-stats',
  access: { kind: 'org', action: 'monitor:read' },
  params: orgIdParams,
  query: dailyBarsQuery,
  response: z.object({
    overall: z.array(dayBarSchema),
    regions: z.array(z.object({ region: z.string(), days: z.array(dayBarSchema) })),
  }),
});
