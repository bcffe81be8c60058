import type { FailureKind } from '../check-result.ts';
import type { RegionState } from '../status.ts';

/** What the evaluator remembers about one (monitor, region) between evaluations (persisted). */
export interface RegionMemory {
  region: string;
  /** State decided by the results alone (never `unknown` once a result counted, except before the first). */
  state: RegionState;
  /** State last written to the timeline: `state`, or `unknown` while the region has no fresh result. */
  shownState: RegionState;
  /** Consecutive failing results. */
  failStreak: number;
  /** Consecutive passing results (fast or slow). */
  okStreak: number;
  /** Consecutive passing results under the latency threshold. */
  fastStreak: number;
  /** Consecutive passing results over the latency threshold. */
  slowStreak: number;
  /** Check time of the newest result counted; older or equal results are ignored. */
  lastCheckAt: Date | null;
  lastResultId: string | null;
}

/** The thresholds one region's results are judged by. */
export interface RegionRules {
  failureThreshold: number;
  recoveryThreshold: number;
  /** A passing result slower than this counts towards `degraded`; null = no latency rule. */
  degradedAboveMs: number | null;
}

/** The parts of a check result the state machine reads. */
export interface RegionInput {
  resultId: string;
  startedAt: Date;
  ok: boolean;
  totalMs: number;
  failure: FailureKind | null;
  error: string | null;
}

/** A region never seen before. */
export function newRegionMemory(region: string): RegionMemory {
  return {
    region,
    state: 'unknown',
    shownState: 'unknown',
    failStreak: 0,
    okStreak: 0,
    fastStreak: 0,
    slowStreak: 0,
    lastCheckAt: null,
    lastResultId: null,
  };
}

/** Whether this result is new for the region (newer than the last counted one). */
export function isNewResult(memory: RegionMemory, input: RegionInput): boolean {
  return memory.lastCheckAt === null || input.startedAt.getTime() > memory.lastCheckAt.getTime();
}

/**
 * One result applied to one region (DESIGN.md §6). A failure counts towards `down` (F in a row); a pass
 * slower than `degradedAboveMs` counts towards `degraded` with the same threshold F; leaving `down` takes
 * R passes in a row, leaving `degraded` R fast passes in a row. Before its first decision a region is
 * `unknown`; its first fast pass makes it `up`. Old or repeated results change nothing.
 */
export function stepRegion(memory: RegionMemory, input: RegionInput, rules: RegionRules): RegionMemory {
  if (!isNewResult(memory, input)) return memory;
  const slow = input.ok && rules.degradedAboveMs !== null && input.totalMs > rules.degradedAboveMs;
  const fast = input.ok && !slow;
  const next: RegionMemory = {
    ...memory,
    failStreak: input.ok ? 0 : memory.failStreak + 1,
    okStreak: input.ok ? memory.okStreak + 1 : 0,
    fastStreak: fast ? memory.fastStreak + 1 : 0,
    slowStreak: slow ? memory.slowStreak + 1 : 0,
    lastCheckAt: input.startedAt,
    lastResultId: input.resultId,
  };
  next.state = nextState(memory.state, next, rules);
  return next;
}

function nextState(state: RegionState, streaks: RegionMemory, rules: RegionRules): RegionState {
  const { failureThreshold: f, recoveryThreshold: r } = rules;
  if (streaks.failStreak >= f) return 'down';
  switch (state) {
    case 'unknown':
      if (streaks.fastStreak >= 1) return 'up';
      return streaks.slowStreak >= f ? 'degraded' : 'unknown';
    case 'up':
      return streaks.slowStreak >= f ? 'degraded' : 'up';
    case 'degraded':
      return streaks.fastStreak >= r ? 'up' : 'degraded';
    case 'down':
      if (streaks.okStreak < r) return 'down';
      return streaks.fastStreak >= 1 ? 'up' : 'degraded';
  }
}

/** Whether a region's newest result is too old to count at `at` (its probe is gone). */
export function isStale(memory: RegionMemory, at: Date, staleAfterMs: number | null): boolean {
  if (memory.lastCheckAt === null) return true;
  if (staleAfterMs === null) return false;
  return at.getTime() - memory.lastCheckAt.getTime() > staleAfterMs;
}
