import { dailyBars as domainDailyBars, msPerDay, type StateSpan } from '@vantage/domain';
import { describe, expect, it } from 'vitest';
import { dailyBars } from './public-components.ts';

const states = ['up', 'down', 'degraded', 'maintenance', 'unknown', 'paused'];

/** A timeline of `count` random spans back to back, ending at `nowMs`, from a seeded generator. */
function randomSpans(seed: number, count: number, nowMs: number): StateSpan[] {
  let value = seed;
  const next = () => {
    value = (value * 1_103_515_245 + 12_345) % 2 ** 31;
    return value / 2 ** 31;
  };
  const spans: StateSpan[] = [];
  let toMs = nowMs;
  for (let index = 0; index < count; index += 1) {
    const fromMs = toMs - Math.floor(next() * 3 * msPerDay);
    spans.unshift({ fromMs, toMs, state: states[Math.floor(next() * states.length)]! });
    toMs = fromMs;
  }
  return spans;
}

describe('status page daily bars', () => {
  it.each([1, 2, 3, 4, 5])('match the monitor charts’ bars for random timeline %i', (seed) => {
    const nowMs = Date.UTC(2026, 4, 17, 13, 37);
    const spans = randomSpans(seed, 80, nowMs);
    expect(dailyBars(spans, { nowMs, days: 90 })).toEqual(domainDailyBars(spans, { nowMs, days: 90 }));
  });
});
