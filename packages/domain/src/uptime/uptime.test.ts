import { describe, expect, it } from 'vitest';
import { dailyBars, msPerDay } from './daily.ts';
import { overlayMonitorSpans, type StateChange, stateSpans } from './spans.ts';
import { summarizeUptime } from './summary.ts';

const minute = 60_000;
const at = (minutes: number, to: string): StateChange => ({ atMs: minutes * minute, to });
const uptime = (initialState: string | null, changes: StateChange[], fromMin = 0, toMin = 60) =>
  summarizeUptime(stateSpans({ fromMs: fromMin * minute, toMs: toMin * minute, initialState, changes }));

describe('time-weighted uptime', () => {
  it.each([
    ['no events: the state at from holds throughout', 'up', [], 100, 0],
    ['no events and down at from', 'down', [], 0, 60],
    ['down for 15 of 60 minutes', 'up', [at(30, 'down'), at(45, 'up')], 75, 15],
    ['changes before from and after to are ignored', 'up', [at(-10, 'down'), at(70, 'down')], 100, 0],
    ['an outage running past to is cut at to', 'up', [at(50, 'down')], 83.3333, 10],
    ['degraded counts as up', 'degraded', [at(30, 'down')], 50, 30],
  ] as const)('%s', (_, initial, changes, percent, downtime) => {
    const summary = uptime(initial, [...changes]);
    expect(summary.uptimePercent).toBe(percent);
    expect(summary.downtimeMinutes).toBe(downtime);
  });

  it('reports degraded minutes separately', () => {
    expect(uptime('up', [at(10, 'degraded'), at(25, 'up')])).toEqual({
      uptimePercent: 100,
      downtimeMinutes: 0,
      degradedMinutes: 15,
      maintenanceMinutes: 0,
      unknownMinutes: 0,
    });
  });

  it('leaves maintenance out of the denominator', () => {
    const summary = uptime('up', [at(0, 'maintenance'), at(30, 'down'), at(40, 'up')]);
    // 30 min maintenance, 10 down, 20 up → 20 / 30.
    expect(summary).toMatchObject({ uptimePercent: 66.6667, downtimeMinutes: 10, maintenanceMinutes: 30 });
  });

  it.each([
    ['no state before from is unknown', null, [at(20, 'up')], 100, 20],
    ['unknown and paused are excluded', 'up', [at(10, 'unknown'), at(20, 'paused'), at(30, 'up')], 100, 20],
    ['only unknown time gives no percentage', null, [], null, 60],
  ] as const)('%s', (_, initial, changes, percent, unknown) => {
    const summary = uptime(initial, [...changes]);
    expect(summary.uptimePercent).toBe(percent);
    expect(summary.unknownMinutes).toBe(unknown);
  });

  it('applies monitor maintenance and pause to a region timeline', () => {
    const region = stateSpans({ fromMs: 0, toMs: 60 * minute, initialState: 'down', changes: [] });
    const monitor = stateSpans({
      fromMs: 0,
      toMs: 60 * minute,
      initialState: 'degraded',
      changes: [at(10, 'maintenance'), at(20, 'degraded'), at(50, 'paused')],
    });
    expect(summarizeUptime(overlayMonitorSpans(region, monitor))).toMatchObject({
      uptimePercent: 0,
      downtimeMinutes: 40,
      maintenanceMinutes: 10,
      unknownMinutes: 10,
    });
  });

  it('two changes at the same instant keep the last', () => {
    expect(uptime('up', [at(30, 'down'), at(30, 'up')]).downtimeMinutes).toBe(0);
  });
});

describe('daily bars', () => {
  const nowMs = Date.UTC(2026, 10, 22, 12, 0, 0);
  const today = Date.UTC(2026, 10, 22);

  it('gives each UTC day its worst state, downtime and uptime, today up to now', () => {
    const spans = stateSpans({
      fromMs: today - 3 * msPerDay,
      toMs: nowMs,
      initialState: null,
      changes: [
        { atMs: today - 2 * msPerDay + 6 * 3_600_000, to: 'up' },
        { atMs: today - msPerDay + 60 * minute, to: 'degraded' },
        { atMs: today - msPerDay + 70 * minute, to: 'down' },
        { atMs: today - msPerDay + 100 * minute, to: 'up' },
        { atMs: today + 6 * 3_600_000, to: 'maintenance' },
      ],
    });
    expect(dailyBars(spans, { nowMs, days: 4 })).toEqual([
      { date: '2026-11-19', worstState: 'unknown', downtimeMinutes: 0, uptimePercent: null },
      { date: '2026-11-20', worstState: 'up', downtimeMinutes: 0, uptimePercent: 100 },
      { date: '2026-11-21', worstState: 'down', downtimeMinutes: 30, uptimePercent: 97.9167 },
      { date: '2026-11-22', worstState: 'up', downtimeMinutes: 0, uptimePercent: 100 },
    ]);
  });

  it('a day only in maintenance shows maintenance', () => {
    const spans = stateSpans({ fromMs: today, toMs: nowMs, initialState: 'maintenance', changes: [] });
    expect(dailyBars(spans, { nowMs, days: 1 })).toEqual([
      { date: '2026-11-22', worstState: 'maintenance', downtimeMinutes: 0, uptimePercent: null },
    ]);
  });
});
