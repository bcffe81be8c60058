import { describe, expect, it } from 'vitest';
import {
  type EvaluatedResult,
  evaluateMonitor,
  type MaintenanceSpan,
  type MonitorMemory,
  newMonitorMemory,
  quorumVerdict,
  type RegionMemory,
} from './index.ts';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);
const rules = (overrides: Partial<Parameters<typeof evaluateMonitor>[0]['rules']> = {}) => ({
  regions: ['eu', 'us', 'ap'],
  failureThreshold: 2,
  recoveryThreshold: 2,
  degradedAboveMs: 500 as number | null,
  quorum: null as number | null,
  staleAfterMs: 130_000 as number | null,
  ...overrides,
});

let counter = 0;
/** A result: `f` fails, `s` is slow, `o` passes fast. */
function result(region: string, seconds: number, code: 'o' | 'f' | 's'): EvaluatedResult {
  counter += 1;
  return {
    resultId: `r${counter}`,
    region,
    startedAt: at(seconds),
    ok: code !== 'f',
    totalMs: code === 's' ? 900 : 40,
    failure: code === 'f' ? 'timeout' : null,
    error: code === 'f' ? 'timed out' : null,
  };
}

/** Results of one region from a pattern like "oofff", one per minute. */
function series(region: string, pattern: string, from = 0): EvaluatedResult[] {
  return [...pattern].map((code, index) => result(region, from + index * 60, code as 'o' | 'f' | 's'));
}

function run(
  results: EvaluatedResult[],
  options: {
    rules?: ReturnType<typeof rules>;
    monitor?: MonitorMemory;
    regions?: RegionMemory[];
    now?: Date;
    maintenance?: MaintenanceSpan | null;
  } = {},
) {
  const last = Math.max(0, ...results.map((r) => r.startedAt.getTime()));
  return evaluateMonitor({
    orgId: 'org',
    monitorId: 'mon',
    rules: options.rules ?? rules(),
    monitor: options.monitor ?? newMonitorMemory(),
    regions: options.regions ?? [],
    results,
    maintenance: options.maintenance ?? null,
    now: options.now ?? new Date(last),
  });
}

describe('one region (F = 2, R = 2, degraded above 500 ms)', () => {
  it.each([
    ['o', 'up'],
    ['f', 'unknown'],
    ['ff', 'down'],
    ['ooof', 'up'],
    ['ooff', 'down'],
    ['ofofofof', 'up'],
    ['ooffo', 'down'],
    ['ooffoo', 'up'],
    ['ooffsf', 'down'],
    ['ooffss', 'degraded'],
    ['oos', 'up'],
    ['ooss', 'degraded'],
    ['oossso', 'degraded'],
    ['oosssoo', 'up'],
    ['oossff', 'down'],
    ['sosososo', 'up'],
  ])('%s → %s', (pattern, expected) => {
    const output = run(series('eu', pattern), { rules: rules({ regions: ['eu'] }) });
    expect(output.regions[0]!.state).toBe(expected);
    expect(output.monitor.health).toBe(expected);
  });

  it('counts each result once: a repeat or an older result changes nothing', () => {
    const results = series('eu', 'oof');
    const first = run(results, { rules: rules({ regions: ['eu'] }) });
    // The last result again, the one before it, and an older failure that arrived late.
    const again = run([results[2]!, results[1]!, result('eu', 30, 'f')], {
      rules: rules({ regions: ['eu'] }),
      monitor: first.monitor,
      regions: first.regions,
    });
    expect(again.regions[0]).toEqual(first.regions[0]);
    expect(again.regions[0]!.state).toBe('up');
    expect(again.events).toEqual([]);
  });

  it('orders results by check time whatever order they arrive in', () => {
    const output = run(series('eu', 'ooff').reverse(), { rules: rules({ regions: ['eu'] }) });
    expect(output.monitor.health).toBe('down');
    expect(output.events.filter((e) => e.scope === 'monitor').map((e) => e.to)).toEqual(['up', 'down']);
  });
});

describe('quorum over known regions', () => {
  it.each([
    [['up', 'up', 'up'], null, 'up', []],
    [['down', 'up', 'up'], null, 'degraded', ['eu']],
    [['down', 'down', 'up'], null, 'down', ['eu', 'us']],
    [['degraded', 'up', 'up'], null, 'degraded', ['eu']],
    [['down', 'unknown', 'unknown'], null, 'down', ['eu']],
    [['down', 'unknown', 'unknown'], 2, 'degraded', ['eu']],
    [['down', 'up', 'unknown'], null, 'degraded', ['eu']],
    [['down', 'down', 'unknown'], null, 'down', ['eu', 'us']],
    [['down', 'up', 'up'], 1, 'down', ['eu']],
    [['unknown', 'unknown', 'unknown'], null, 'unknown', []],
  ] as const)('%j with quorum %s → %s', (states, quorum, health, affected) => {
    const regions = ['eu', 'us', 'ap'].map((region, index) => ({ region, state: states[index]! }));
    expect(quorumVerdict(regions, quorum)).toEqual({ health, affectedRegions: affected });
  });
});

describe('a monitor in three regions', () => {
  const upEverywhere = () => [...series('eu', 'oo'), ...series('us', 'oo'), ...series('ap', 'oo')];

  it('one region down → degraded with one region named; two → down; back → one recovery', () => {
    const start = run(upEverywhere());
    expect(start.monitor.health).toBe('up');
    const one = run(series('eu', 'ff', 120), { monitor: start.monitor, regions: start.regions });
    expect(one.monitor).toMatchObject({
      health: 'degraded',
      affectedRegions: ['eu'],
      alertState: 'degraded',
    });
    expect(one.notices.map((n) => n.kind)).toEqual(['degraded']);
    const two = run(series('us', 'ff', 130), { monitor: one.monitor, regions: one.regions });
    expect(two.monitor).toMatchObject({ health: 'down', affectedRegions: ['eu', 'us'] });
    expect(two.notices.map((n) => [n.kind, n.previous])).toEqual([['down', 'degraded']]);
    const back = run([...series('eu', 'oo', 300), ...series('us', 'oo', 300)], {
      monitor: two.monitor,
      regions: two.regions,
    });
    expect(back.monitor.health).toBe('up');
    expect(back.notices).toHaveLength(1);
    expect(back.notices[0]).toMatchObject({ kind: 'recovered', outageSince: at(180) });
    const monitorEvents = back.events.filter((e) => e.scope === 'monitor').map((e) => `${e.from}>${e.to}`);
    expect(monitorEvents).toEqual(['down>degraded', 'degraded>up']);
  });

  it('a region without fresh results turns unknown and leaves the quorum', () => {
    const start = run(upEverywhere());
    // eu and us keep reporting failures; ap's probe is gone.
    const later = run([...series('eu', 'ff', 120), ...series('us', 'ff', 120)], {
      monitor: start.monitor,
      regions: start.regions,
      now: at(300),
    });
    const ap = later.regions.find((r) => r.region === 'ap')!;
    expect(ap.shownState).toBe('unknown');
    expect(later.monitor.health).toBe('down');
    const staleEvent = later.events.find((e) => e.region === 'ap')!;
    expect(staleEvent).toMatchObject({ from: 'up', to: 'unknown', at: at(60 + 130) });
    const silent = run([], { monitor: later.monitor, regions: later.regions, now: at(10_000) });
    expect(silent.monitor.health).toBe('unknown');
  });
});

describe('maintenance', () => {
  it('shows maintenance, keeps evaluating, raises no notice, and announces what changed when it ends', () => {
    const single = rules({ regions: ['eu'], staleAfterMs: 1_000_000 });
    const start = run(series('eu', 'oo'), { rules: single });
    const window = { startsAt: at(100), endsAt: at(400) };
    const during = run(series('eu', 'ff', 120), {
      rules: single,
      monitor: start.monitor,
      regions: start.regions,
      maintenance: window,
      now: at(200),
    });
    expect(during.monitor).toMatchObject({ shownStatus: 'maintenance', health: 'down' });
    expect(during.notices).toEqual([]);
    const events = during.events.filter((e) => e.scope === 'monitor');
    expect(events.map((e) => [e.from, e.to, e.at])).toEqual([['up', 'maintenance', at(100)]]);
    const after = run(series('eu', 'f', 420), {
      rules: single,
      monitor: during.monitor,
      regions: during.regions,
      now: at(430),
    });
    expect(after.monitor.shownStatus).toBe('down');
    expect(after.events.filter((e) => e.scope === 'monitor').map((e) => [e.to, e.at])).toEqual([
      ['down', at(400)],
    ]);
    expect(after.notices.map((n) => n.kind)).toEqual(['down']);
  });
});

describe('flapping', () => {
  it('alternating results with F = 2 never change state or raise notices', () => {
    const start = run(series('eu', 'oo'), { rules: rules({ regions: ['eu'] }) });
    const flap = run(series('eu', 'fofofofofofo', 120), {
      rules: rules({ regions: ['eu'] }),
      monitor: start.monitor,
      regions: start.regions,
    });
    expect(flap.events).toEqual([]);
    expect(flap.notices).toEqual([]);
  });
});
