import { describe, expect, it } from 'vitest';
import { ResultRate } from './fleet.ts';

describe('checks per second of a probe', () => {
  const start = Date.parse('2030-01-01T00:00:00Z');

  it('divides by the time since connecting while that is under a minute', () => {
    const rate = new ResultRate(start);
    rate.add(10, start + 1_000);
    rate.add(10, start + 4_500);
    expect(rate.perSecond(start + 10_000)).toBe(2);
  });

  it('counts only the last minute once connected longer', () => {
    const rate = new ResultRate(start);
    rate.add(600, start + 5_000);
    rate.add(120, start + 100_000);
    expect(rate.perSecond(start + 110_000)).toBe(2);
    // A minute later nothing is left in the window, even though the slots are reused.
    expect(rate.perSecond(start + 170_000)).toBe(0);
    rate.add(30, start + 220_000);
    expect(rate.perSecond(start + 220_500)).toBe(0.5);
  });
});
