import { monitorOverviewEndpoints } from '@vantage/api-contract';
import type { UptimeSummary } from '@vantage/domain';
import { type HourlyLatency, type MonitorsOverview, readMonitorsOverview } from '@vantage/results';
import type { AppContext } from '../../context.ts';
import { sparklineHoursOf } from './dto.ts';

/** Cached aggregates younger than this are served as they are. */
const freshMs = 10_000;
/** Older ones (up to this age) are served while a refresh runs in the background; older still are recomputed. */
const maxAgeMs = 120_000;
/** Redis commands wait while it reconnects: past this the cache is skipped rather than the page held up. */
const readTimeoutMs = 250;

/** The overview's ClickHouse aggregates of one organization as kept in Redis. */
interface CachedAggregates {
  computedAtMs: number;
  /** Which monitors they cover (sorted): another set (a monitor created or deleted) is recomputed at once. */
  monitorIds: string[];
  uptime: [string, UptimeSummary][];
  hourly: [string, HourlyLatency[]][];
}

/** Whose aggregates, and the moment they describe (the ranges end there). */
export interface AggregatesInput {
  orgId: string;
  monitorIds: readonly string[];
  now: Date;
}

const msPerDay = 86_400_000;

const keyOf = (app: AppContext, orgId: string) => `${app.config.redisKeyPrefix}monitor-overview:${orgId}`;

/**
 * The monitors list's 30-day uptime and hourly latency, from a short Redis cache (stale while it
 * revalidates): the one ClickHouse query costs more than the rest of the overview together, and these
 * figures move slowly. Live state (status, regions, last check) never comes from here. Redis trouble
 * only costs the cache.
 */
export async function overviewAggregates(app: AppContext, input: AggregatesInput): Promise<MonitorsOverview> {
  const key = keyOf(app, input.orgId);
  const cached = parse(await readCache(app, key));
  const ids = [...input.monitorIds].sort();
  const ageMs = cached ? input.now.getTime() - cached.computedAtMs : Number.POSITIVE_INFINITY;
  if (cached && ageMs < maxAgeMs && cached.monitorIds.join() === ids.join()) {
    if (ageMs >= freshMs) void refreshInBackground(app, key, input);
    return { uptime: new Map(cached.uptime), hourly: new Map(cached.hourly) };
  }
  return refresh(app, key, input);
}

async function refresh(app: AppContext, key: string, input: AggregatesInput): Promise<MonitorsOverview> {
  const { now } = input;
  const aggregates = await readMonitorsOverview(app.results, {
    orgId: input.orgId,
    monitorIds: input.monitorIds,
    uptimeFrom: new Date(now.getTime() - monitorOverviewEndpoints.overviewUptimeDays * msPerDay),
    latencyFrom: new Date(sparklineHoursOf(now, monitorOverviewEndpoints.sparklineHours).fromMs),
    to: now,
  });
  const value: CachedAggregates = {
    computedAtMs: input.now.getTime(),
    monitorIds: [...input.monitorIds].sort(),
    uptime: [...aggregates.uptime],
    hourly: [...aggregates.hourly],
  };
  // Not awaited: a Redis that is reconnecting must not hold the answer up.
  void app.redis.set(key, JSON.stringify(value), 'PX', maxAgeMs).catch(() => undefined);
  return aggregates;
}

/** One refresh per organization at a time across instances (a lock that expires on its own). */
async function refreshInBackground(app: AppContext, key: string, input: AggregatesInput): Promise<void> {
  try {
    const locked = await app.redis.set(`${key}:refresh`, '1', 'PX', 10_000, 'NX');
    if (locked !== 'OK') return;
    await refresh(app, key, { ...input, now: new Date() });
  } catch (error) {
    app.logger.warn({ err: error, orgId: input.orgId }, 'refreshing the monitor overview failed');
  }
}

async function readCache(app: AppContext, key: string): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), readTimeoutMs);
  });
  try {
    return await Promise.race([app.redis.get(key).catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function parse(text: string | null): CachedAggregates | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as CachedAggregates;
  } catch {
    return null;
  }
}
