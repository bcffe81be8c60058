import { monitorKinds, monitorStatuses, regionStates } from '@vantage/domain';
import { z } from 'zod';
import { orgParams, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** How long the overview's response-time sparkline reaches back, in hourly buckets. */
export const sparklineHours = 24;

/** How many days the overview's uptime covers. */
export const overviewUptimeDays = 30;

/** One region of a monitor as the evaluator last judged it. */
export const regionStateSchema = z.object({
  region: z.string(),
  state: z.enum(regionStates),
  /** Start of the newest result the evaluator took from this region; null before the first. */
  lastCheckAt: timestamp.nullable(),
});

/** One monitor in the overview: what the monitors list shows in a row. */
export const monitorOverviewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(monitorKinds),
  /** What is checked, in a few words: the URL, `host:port`, `A example.com`, or `heartbeat`. */
  target: z.string(),
  tags: z.array(z.string()),
  /** The monitor's own status (`paused` while paused), never an average of regions. */
  status: z.enum(monitorStatuses),
  paused: z.boolean(),
  /** Check interval (heartbeats: the expected ping period). */
  intervalSeconds: z.int(),
  /** Every region the monitor runs in, by id; `unknown` until a region has a fresh result. */
  regions: z.array(regionStateSchema),
  /** Newest check of any region (heartbeats: the newest ping); null before the first. */
  lastCheckAt: timestamp.nullable(),
  /** Time-weighted uptime over the last 30 days from the status timeline, maintenance left out. */
  uptime30d: z.object({ uptimePercent: z.number().nullable(), downtimeMinutes: z.number() }),
  /** Response time of all regions together per hour, oldest first (`sparkline` says which hours); null without checks. */
  p50Ms: z.array(z.number().nullable()),
  p95Ms: z.array(z.number().nullable()),
});

/** A monitor row of the overview. */
export type MonitorOverview = z.infer<typeof monitorOverviewSchema>;

/** The overview of every monitor of an organization. */
export const overviewResponse = z.object({
  generatedAt: timestamp,
  /** The hours of every `p50Ms` / `p95Ms` series: `buckets` hours of `bucketSeconds` from `from`. */
  sparkline: z.object({ from: timestamp, bucketSeconds: z.int(), buckets: z.int() }),
  /** Names of the regions the organization may use (ids as in `regions[].region`). */
  regionNames: z.record(z.string(), z.string()),
  /** Every monitor of the organization, oldest first. */
  items: z.array(monitorOverviewSchema),
});

/** `GET /orgs/{org}/monitors/overview`. */
export const overview = endpoint({
  id: 'monitors.overview',
  method: 'GET',
  path: '/orgs/{org}/monitors/overview',
  summary:
    'Every monitor with its status, per-region state, last check, 24 h response-time sparkline and 30-day uptime',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:read' },
  params: orgParams,
  response: overviewResponse,
});
