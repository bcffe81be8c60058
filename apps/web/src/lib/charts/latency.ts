import type { ChartSeries } from './types.ts';

/** One bucket of the latency API: one region, one time. */
export interface LatencyBucket {
  at: string;
  region: string;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  checks: number;
}

/** The response-time percentiles a chart can show. */
export const quantiles = ['p50', 'p95', 'p99'] as const;

/** The phases of a check, in the order they happen (and are stacked). */
export const phases = [
  { key: 'dnsMs', label: 'DNS' },
  { key: 'connectMs', label: 'Connect' },
  { key: 'tlsMs', label: 'TLS' },
  { key: 'ttfbMs', label: 'First byte' },
] as const;

const timesOf = (buckets: readonly LatencyBucket[]) =>
  [...new Set(buckets.map((bucket) => Date.parse(bucket.at) / 1000))].sort((a, b) => a - b);

/** One line per region of the chosen percentile; colours follow the region's place in `regions`. */
export function latencySeries(
  buckets: readonly LatencyBucket[],
  regions: readonly string[],
  quantile: (typeof quantiles)[number],
  nameOf: (region: string) => string,
): { times: number[]; series: ChartSeries[] } {
  const times = timesOf(buckets);
  const index = new Map(times.map((time, i) => [time, i]));
  const key = `${quantile}Ms` as const;
  const series = regions
    .filter((region) => buckets.some((bucket) => bucket.region === region))
    .map((region) => {
      const values: (number | null)[] = new Array(times.length).fill(null);
      for (const bucket of buckets) {
        if (bucket.region === region) values[index.get(Date.parse(bucket.at) / 1000)!] = bucket[key];
      }
      return { label: nameOf(region), values, color: regions.indexOf(region) };
    });
  return { times, series };
}

/**
 * The phases of one region (or of all, weighted by their checks) per bucket, as cumulative sums for a
 * stacked chart: DNS, DNS + connect, … up to the first byte.
 */
export function phaseSeries(
  buckets: readonly LatencyBucket[],
  region: string,
): { times: number[]; series: ChartSeries[] } {
  const chosen = buckets.filter((bucket) => region === '' || bucket.region === region);
  const times = timesOf(chosen);
  const index = new Map(times.map((time, i) => [time, i]));
  const sums = phases.map(() => times.map(() => ({ total: 0, weight: 0 })));
  for (const bucket of chosen) {
    const at = index.get(Date.parse(bucket.at) / 1000)!;
    phases.forEach((phase, p) => {
      const value = bucket[phase.key];
      if (value === null) return;
      sums[p]![at]!.total += value * bucket.checks;
      sums[p]![at]!.weight += bucket.checks;
    });
  }
  const running = times.map(() => 0);
  const series = phases.map((phase, p) => ({
    label: phase.label,
    color: p + 4,
    fill: true,
    values: times.map((_, t) => {
      const sum = sums[p]![t]!;
      running[t]! += sum.weight === 0 ? 0 : sum.total / sum.weight;
      return sums.some((s) => s[t]!.weight > 0) ? Math.round(running[t]! * 10) / 10 : null;
    }),
  }));
  return { times, series };
}

/** Per region: the percentiles over the whole range (bucket values weighted by checks) and the checks. */
export function rangeAverages(
  buckets: readonly LatencyBucket[],
  regions: readonly string[],
): { region: string; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null; checks: number }[] {
  return regions.map((region) => {
    const own = buckets.filter((bucket) => bucket.region === region);
    const checks = own.reduce((sum, bucket) => sum + bucket.checks, 0);
    const average = (key: 'p50Ms' | 'p95Ms' | 'p99Ms') => {
      const weighted = own.filter((bucket) => bucket[key] !== null);
      const weight = weighted.reduce((sum, bucket) => sum + bucket.checks, 0);
      return weight === 0 ? null : weighted.reduce((sum, b) => sum + b[key]! * b.checks, 0) / weight;
    };
    return { region, p50Ms: average('p50Ms'), p95Ms: average('p95Ms'), p99Ms: average('p99Ms'), checks };
  });
}
