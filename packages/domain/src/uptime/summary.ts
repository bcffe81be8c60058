import type { StateSpan } from './spans.ts';

/**
 * How a timeline state counts toward uptime. `up` and `degraded` are available time (degraded is also
 * reported on its own); `down` is downtime; `maintenance` and `unknown` (no fresh result, paused, or no
 * state yet) are left out of the denominator and reported separately, so missing data neither
 * raises nor lowers uptime.
 */
export type UptimeClass = 'up' | 'degraded' | 'down' | 'maintenance' | 'unknown';

/** The uptime class of a timeline state (`paused` and anything unrecognised count as unknown). */
export function uptimeClassOf(state: string): UptimeClass {
  return state === 'up' || state === 'degraded' || state === 'down' || state === 'maintenance'
    ? state
    : 'unknown';
}

/** Time-weighted uptime of a timeline. */
export interface UptimeSummary {
  /** (up + degraded) / (up + degraded + down) × 100; null when no time was up, degraded or down. */
  uptimePercent: number | null;
  downtimeMinutes: number;
  degradedMinutes: number;
  maintenanceMinutes: number;
  unknownMinutes: number;
}

const msPerMinute = 60_000;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Milliseconds spent in each uptime class. */
export function msByClass(spans: readonly StateSpan[]): Record<UptimeClass, number> {
  const totals: Record<UptimeClass, number> = { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0 };
  for (const span of spans) totals[uptimeClassOf(span.state)] += span.toMs - span.fromMs;
  return totals;
}

/** Uptime of a timeline's spans (minutes to 2 decimals, percent to 4). */
export function summarizeUptime(spans: readonly StateSpan[]): UptimeSummary {
  const ms = msByClass(spans);
  const availableMs = ms.up + ms.degraded;
  const countedMs = availableMs + ms.down;
  return {
    uptimePercent: countedMs === 0 ? null : round((availableMs / countedMs) * 100, 4),
    downtimeMinutes: round(ms.down / msPerMinute, 2),
    degradedMinutes: round(ms.degraded / msPerMinute, 2),
    maintenanceMinutes: round(ms.maintenance / msPerMinute, 2),
    unknownMinutes: round(ms.unknown / msPerMinute, 2),
  };
}
