import type { monitorOverviewEndpoints } from '@vantage/api-contract';
import type { MonitorOverviewRecord } from '@vantage/db';
import type { MonitorSpec, UptimeSummary } from '@vantage/domain';
import type { HourlyLatency } from '@vantage/results';

/** What a monitor checks, in a few words. */
export function targetOf(spec: MonitorSpec): string {
  switch (spec.type) {
    case 'http':
      return spec.method === 'GET' ? spec.url : `${spec.method} ${spec.url}`;
    case 'tcp':
    case 'tls':
      return `${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${spec.port}`;
    case 'dns':
      return `${spec.recordType} ${spec.recordName}`;
    case 'heartbeat':
      return 'heartbeat ping';
  }
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** The sparkline hours: `count` hourly buckets ending with the one holding `now`. */
export function sparklineHoursOf(now: Date, count: number): { fromMs: number; bucketMs: number } {
  const bucketMs = 3_600_000;
  return { fromMs: Math.floor(now.getTime() / bucketMs) * bucketMs - (count - 1) * bucketMs, bucketMs };
}

/** Overview record + its uptime and hourly latency → one row of the API's overview. */
export function toMonitorOverviewDto(
  monitor: MonitorOverviewRecord,
  uptime: UptimeSummary | undefined,
  hours: readonly HourlyLatency[],
  sparkline: { fromMs: number; bucketMs: number; count: number },
): monitorOverviewEndpoints.MonitorOverview {
  const { spec } = monitor;
  const known = new Map(monitor.regions.map((region) => [region.region, region]));
  const regions = spec.regions.map((region) => {
    const state = known.get(region);
    return { region, state: state?.state ?? 'unknown', lastCheckAt: iso(state?.lastCheckAt ?? null) };
  });
  const newest = monitor.regions.reduce<number | null>((latest, region) => {
    const atMs = region.lastCheckAt?.getTime() ?? null;
    return atMs !== null && (latest === null || atMs > latest) ? atMs : latest;
  }, null);
  const lastCheckAt =
    spec.type === 'heartbeat' ? monitor.lastPingAt : newest === null ? null : new Date(newest);
  const p50Ms: (number | null)[] = new Array(sparkline.count).fill(null);
  const p95Ms: (number | null)[] = new Array(sparkline.count).fill(null);
  for (const hour of hours) {
    const index = Math.round((hour.atMs - sparkline.fromMs) / sparkline.bucketMs);
    if (index < 0 || index >= sparkline.count) continue;
    p50Ms[index] = hour.p50Ms;
    p95Ms[index] = hour.p95Ms;
  }
  return {
    id: monitor.id,
    name: spec.name,
    type: spec.type,
    target: targetOf(spec),
    tags: spec.tags,
    status: monitor.paused ? 'paused' : monitor.status,
    paused: monitor.paused,
    intervalSeconds: spec.type === 'heartbeat' ? spec.expectedEverySeconds : spec.intervalSeconds,
    regions,
    lastCheckAt: iso(lastCheckAt),
    uptime30d: {
      uptimePercent: uptime?.uptimePercent ?? null,
      downtimeMinutes: uptime?.downtimeMinutes ?? 0,
    },
    p50Ms,
    p95Ms,
  };
}
