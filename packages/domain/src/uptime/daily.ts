import { clipSpans, type StateSpan } from './spans.ts';
import { msByClass, summarizeUptime, type UptimeClass } from './summary.ts';

/** One UTC day of a daily bar chart. */
export interface DayBar {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  /** The worst state seen that day: down > degraded > up > maintenance > unknown (no data). */
  worstState: UptimeClass;
  downtimeMinutes: number;
  /** Null when the day had no up, degraded or down time. */
  uptimePercent: number | null;
}

/** Milliseconds in a UTC day. */
export const msPerDay = 86_400_000;

const worstFirst: UptimeClass[] = ['down', 'degraded', 'up', 'maintenance', 'unknown'];

/** Start (ms) of the UTC day containing `ms`. */
export function utcDayStartMs(ms: number): number {
  return Math.floor(ms / msPerDay) * msPerDay;
}

/** Bars for the `days` UTC days ending with the one containing `nowMs` (oldest first; today up to now). */
export function dailyBars(spans: readonly StateSpan[], input: { nowMs: number; days: number }): DayBar[] {
  const firstDayMs = utcDayStartMs(input.nowMs) - (input.days - 1) * msPerDay;
  const bars: DayBar[] = [];
  for (let dayMs = firstDayMs; dayMs <= input.nowMs; dayMs += msPerDay) {
    const day = clipSpans(spans, dayMs, Math.min(dayMs + msPerDay, input.nowMs));
    const ms = msByClass(day);
    const summary = summarizeUptime(day);
    bars.push({
      date: new Date(dayMs).toISOString().slice(0, 10),
      worstState: worstFirst.find((state) => ms[state] > 0) ?? 'unknown',
      downtimeMinutes: summary.downtimeMinutes,
      uptimePercent: summary.uptimePercent,
    });
  }
  return bars;
}
