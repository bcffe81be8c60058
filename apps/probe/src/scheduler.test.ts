import type { CheckOutcome, CheckResult, ProbeSpec } from '@vantage/domain';
import { describe, expect, it } from 'vitest';
import type { CheckFunction } from './runner.ts';
import { phaseMs, Scheduler, type SchedulerOptions } from './scheduler.ts';
import { FakeClock, okOutcome, settle, tcpAssignment, tcpSpec } from './test-support.ts';

const context = {
  region: 'eu-west',
  probeVersion: '1.0.0',
  allowPrivateTargets: false,
  bodyLimitBytes: 1024,
};

function setup(overrides: Partial<SchedulerOptions> = {}) {
  const clock = new FakeClock();
  const results: CheckResult[] = [];
  const specs: ProbeSpec[] = [];
  const runCheck: CheckFunction = async (spec) => {
    specs.push(spec);
    return okOutcome();
  };
  const scheduler = new Scheduler({
    runCheck,
    context: () => context,
    probeId: 'probe-1',
    concurrency: 100,
    onResult: (result) => results.push(result),
    now: clock.now,
    timers: clock.timers,
    ...overrides,
  });
  const startsOf = (monitorId: string) =>
    results.filter((result) => result.monitorId === monitorId).map((result) => result.startedAt.getTime());
  return { clock, results, specs, scheduler, startsOf };
}

/** A check that hangs until the test releases it or its deadline signal aborts. */
function hangingCheck() {
  const release: Array<() => void> = [];
  const runCheck: CheckFunction = (_spec, signal) =>
    new Promise<CheckOutcome>((resolve) => {
      release.push(() => resolve(okOutcome()));
      signal.addEventListener('abort', () => resolve({ ...okOutcome(), ok: false, failure: 'timeout' }));
    });
  return { runCheck, release };
}

describe('Scheduler clock', () => {
  it('runs each monitor at its phase + k × interval, spreading monitors over the interval', async () => {
    const { clock, scheduler, startsOf } = setup();
    const ids = Array.from({ length: 600 }, (_, index) => `monitor-${index}`);
    scheduler.reconcile(ids.map((id) => tcpAssignment(id, 60)));
    await clock.advance(120_000);
    const perTenSeconds = new Array<number>(6).fill(0);
    for (const id of ids) {
      const starts = startsOf(id);
      const phase = phaseMs(id, 60_000);
      expect(starts.map((start) => (start - phase) % 60_000)).toEqual([0, 0]);
      perTenSeconds[Math.floor(phase / 10_000)]! += 1;
    }
    // 600 monitors over six 10-second slices: about 100 each, never bunched at one instant.
    for (const count of perTenSeconds) expect(count).toBeGreaterThan(60);
    expect(scheduler.stats()).toMatchObject({ monitors: 600, completed: 1200, missed: 0 });
    scheduler.stop();
  });

  it('keeps the clock when a check runs long (never "last finish + interval")', async () => {
    const { runCheck, release } = hangingCheck();
    const { clock, scheduler, startsOf } = setup({ runCheck });
    scheduler.reconcile([tcpAssignment('slow', 10)]);
    const firstDue = scheduler.nextDueMs('slow')!;
    await clock.advance(firstDue - clock.nowMs);
    await clock.advance(7_000);
    release.shift()!();
    await settle();
    await clock.advance(10_000);
    release.shift()!();
    await settle();
    expect(startsOf('slow')).toEqual([firstDue, firstDue + 10_000]);
    scheduler.stop();
  });
});

describe('Scheduler reconcile', () => {
  it('keeps the next due time of an unchanged fingerprint and replaces a changed one', async () => {
    const { clock, scheduler, specs } = setup();
    scheduler.reconcile([tcpAssignment('same', 60), tcpAssignment('edited', 60)]);
    const sameDue = scheduler.nextDueMs('same')!;
    await clock.advance(1_000);
    const edited = { monitorId: 'edited', fingerprint: 'f2', spec: { ...tcpSpec(30), port: 443 } };
    scheduler.reconcile([tcpAssignment('same', 60), edited]);
    expect(scheduler.nextDueMs('same')).toBe(sameDue);
    const editedDue = scheduler.nextDueMs('edited')!;
    expect((editedDue - phaseMs('edited', 30_000)) % 30_000).toBe(0);
    await clock.advance(editedDue - clock.nowMs);
    expect(specs).toContainEqual(expect.objectContaining({ port: 443, intervalSeconds: 30 }));
    scheduler.stop();
  });

  it('stops removed monitors, by reconcile and by remove', async () => {
    const { clock, scheduler, startsOf } = setup();
    scheduler.reconcile([tcpAssignment('kept', 10), tcpAssignment('gone', 10), tcpAssignment('removed', 10)]);
    await clock.advance(10_000);
    scheduler.reconcile([tcpAssignment('kept', 10), tcpAssignment('removed', 10)]);
    scheduler.remove(['removed']);
    await clock.advance(30_000);
    expect(startsOf('kept')).toHaveLength(4);
    expect(startsOf('gone')).toHaveLength(1);
    expect(startsOf('removed')).toHaveLength(1);
    expect(scheduler.stats().monitors).toBe(1);
    expect(scheduler.nextDueMs('gone')).toBeNull();
    scheduler.stop();
  });
});

describe('Scheduler pool', () => {
  it('counts a missed occurrence when the previous check is still running or queued', async () => {
    const { runCheck, release } = hangingCheck();
    const { clock, scheduler, startsOf } = setup({ runCheck, concurrency: 1 });
    scheduler.reconcile([tcpAssignment('a', 10), tcpAssignment('b', 10)]);
    await clock.advance(10_000);
    // One slot: the first due check runs and hangs, the other waits in the queue.
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1, missed: 0 });
    await clock.advance(10_000);
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1, missed: 2 });
    release.shift()!();
    await settle();
    release.shift()!();
    await settle();
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0, completed: 2 });
    expect(startsOf('a').length + startsOf('b').length).toBe(2);
    // The queued check started late, by up to two intervals; the histogram shows it.
    expect(scheduler.stats().lateness.maxMs).toBeGreaterThan(10_000);
    await clock.advance(10_000);
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1, missed: 2 });
    scheduler.stop();
  });

  it('runs "check now" ahead of queued checks and stamps its request id', async () => {
    const { runCheck, release } = hangingCheck();
    const { clock, scheduler, results } = setup({ runCheck, concurrency: 1 });
    scheduler.reconcile([tcpAssignment('a', 10), tcpAssignment('b', 10)]);
    await clock.advance(10_000);
    scheduler.checkNow('now', tcpSpec(60), 'request-1');
    release.shift()!();
    await settle();
    expect(results.map((result) => result.checkRequestId)).toEqual([null]);
    release.shift()!();
    await settle();
    expect(results[1]).toMatchObject({ monitorId: 'now', checkRequestId: 'request-1', probeId: 'probe-1' });
    scheduler.stop();
  });

  it('turns an exception in a checker into a failed result instead of crashing', async () => {
    const logs: string[] = [];
    const runCheck: CheckFunction = () => {
      throw new TypeError('boom');
    };
    const { clock, scheduler, results } = setup({ runCheck, log: (line) => logs.push(line) });
    scheduler.reconcile([tcpAssignment('a', 10)]);
    await clock.advance(10_000);
    expect(results[0]).toMatchObject({ ok: false, failure: null, region: 'eu-west', monitorId: 'a' });
    expect(results[0]?.error).toContain('boom');
    expect(logs.join('\n')).toContain('probe bug');
    scheduler.stop();
  });

  it('keeps other monitors on time while a target hangs (real timers)', async () => {
    // The hung checker ignores its signal; the runner still frees its slot after the deadline + grace.
    const runCheck: CheckFunction = (spec) =>
      spec.type === 'tcp' && spec.port === 1
        ? new Promise<CheckOutcome>(() => {})
        : Promise.resolve(okOutcome());
    const results: CheckResult[] = [];
    const scheduler = new Scheduler({
      runCheck,
      context: () => context,
      probeId: 'probe-1',
      concurrency: 4,
      graceMs: 50,
      onResult: (result) => results.push(result),
    });
    const hung = { monitorId: 'hung', fingerprint: 'h', spec: { ...tcpSpec(1, 200), port: 1 } };
    scheduler.reconcile([hung, tcpAssignment('fast', 1)]);
    const deadline = Date.now() + 5_000;
    const count = (id: string) => results.filter((result) => result.monitorId === id).length;
    while ((count('fast') < 2 || count('hung') < 2) && Date.now() < deadline) await settle();
    scheduler.stop();
    const fastPhase = phaseMs('fast', 1000);
    for (const result of results.filter((item) => item.monitorId === 'fast')) {
      expect((result.startedAt.getTime() - fastPhase + 1000) % 1000).toBeLessThan(50);
    }
    const hungResults = results.filter((item) => item.monitorId === 'hung');
    expect(hungResults.length).toBeGreaterThanOrEqual(2);
    for (const result of hungResults) expect(result).toMatchObject({ ok: false, failure: 'timeout' });
  });
});
