import { type CheckResult, fnv1a64Hex, type ProbeSpec } from '@vantage/domain';
import type { CheckContext } from './checks/checker.ts';
import { MinHeap } from './heap.ts';
import { LatenessHistogram, type LatenessSummary } from './lateness.ts';
import { type CheckFunction, type RunRequest, runOnce } from './runner.ts';

/** A spec a probe runs on a schedule (every kind but heartbeat). */
export type ProbedSpec = Extract<ProbeSpec, { intervalSeconds: number; timeoutMs: number }>;

/** One monitor this probe must check, as the control plane assigned it. */
export interface ProbeAssignment {
  monitorId: string;
  /** Unchanged fingerprint = unchanged check: the monitor keeps its timer. */
  fingerprint: string;
  spec: ProbedSpec;
}

/** The one timer the scheduler uses; injectable for a fake clock. */
export interface Timers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/** How to build a scheduler. */
export interface SchedulerOptions {
  runCheck: CheckFunction;
  /** Read at each check start: region and permissions may change when the session is welcomed again. */
  context: () => CheckContext;
  probeId: string;
  /** Checks running at once; a due check waits in a queue while the pool is full. */
  concurrency: number;
  /** Each result, with the kind of check that produced it. */
  onResult: (result: CheckResult, kind: ProbeSpec['type']) => void;
  now?: () => number;
  timers?: Timers;
  graceMs?: number;
  log?: (line: string) => void;
}

/** Counters for logs and the bench. */
export interface SchedulerStats {
  monitors: number;
  running: number;
  queued: number;
  completed: number;
  /** Occurrences skipped because the previous check was still queued or running at the next due time. */
  missed: number;
  lateness: LatenessSummary;
}

interface Entry {
  assignment: ProbeAssignment;
  intervalMs: number;
  nextDueMs: number;
  active: boolean;
  busy: boolean;
}

interface Job {
  request: RunRequest;
  entry: Entry | null;
  dueMs: number | null;
}

const realTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The monitor's fixed offset within its interval, from a hash of its id: spreads monitors evenly. */
export function phaseMs(monitorId: string, intervalMs: number): number {
  return Number(BigInt(`0x${fnv1a64Hex(monitorId)}`) % BigInt(intervalMs));
}

/** The first time at or after `nowMs` of the clock `phase + k × interval`. */
export function firstDueMs(nowMs: number, phase: number, intervalMs: number): number {
  return nowMs + ((((phase - nowMs) % intervalMs) + intervalMs) % intervalMs);
}

/**
 * Runs every assigned monitor at phase + k × interval (never "last run + interval") from one min-heap
 * and one timer, through a bounded pool. Reconcile keeps the timers of unchanged fingerprints.
 */
export class Scheduler {
  readonly lateness = new LatenessHistogram();
  readonly #options: Required<SchedulerOptions>;
  readonly #entries = new Map<string, Entry>();
  readonly #heap = new MinHeap<Entry>((entry) => entry.nextDueMs);
  readonly #stop = new AbortController();
  #queue: Job[] = [];
  #queueHead = 0;
  #urgent: Job[] = [];
  #timer: unknown = null;
  #timerDueMs = Number.POSITIVE_INFINITY;
  #running = 0;
  #completed = 0;
  #missed = 0;

  /** Build an idle scheduler; nothing runs until assignments arrive. */
  constructor(options: SchedulerOptions) {
    this.#options = {
      ...options,
      now: options.now ?? Date.now,
      timers: options.timers ?? realTimers,
      graceMs: options.graceMs ?? 1000,
      log: options.log ?? (() => {}),
    };
  }

  /** Make the assignments exactly `assignments`: unchanged keep timers, changed are replaced, others stop. */
  reconcile(assignments: readonly ProbeAssignment[]): void {
    const wanted = new Set(assignments.map((assignment) => assignment.monitorId));
    for (const monitorId of this.#entries.keys()) if (!wanted.has(monitorId)) this.#drop(monitorId);
    this.upsert(assignments);
  }

  /** Add or replace assignments (an unchanged fingerprint keeps its next due time). */
  upsert(assignments: readonly ProbeAssignment[]): void {
    if (this.#stop.signal.aborted) return;
    const nowMs = this.#options.now();
    for (const assignment of assignments) {
      const existing = this.#entries.get(assignment.monitorId);
      if (existing?.assignment.fingerprint === assignment.fingerprint) continue;
      if (existing) existing.active = false;
      const intervalMs = assignment.spec.intervalSeconds * 1000;
      const phase = phaseMs(assignment.monitorId, intervalMs);
      const nextDueMs = firstDueMs(nowMs, phase, intervalMs);
      const entry: Entry = { assignment, intervalMs, nextDueMs, active: true, busy: false };
      this.#entries.set(assignment.monitorId, entry);
      this.#heap.push(entry);
    }
    this.#arm();
  }

  /** Stop checking these monitors (a check already running finishes and reports). */
  remove(monitorIds: readonly string[]): void {
    for (const monitorId of monitorIds) this.#drop(monitorId);
    this.#arm();
  }

  /** Run one check now, ahead of queued scheduled checks; its result carries `checkRequestId`. */
  checkNow(monitorId: string, spec: ProbedSpec, checkRequestId: string): void {
    if (this.#stop.signal.aborted) return;
    this.#urgent.push({ request: { monitorId, spec, checkRequestId }, entry: null, dueMs: null });
    this.#pump();
  }

  /** When the monitor is next due (epoch ms), or null when it is not assigned. */
  nextDueMs(monitorId: string): number | null {
    return this.#entries.get(monitorId)?.nextDueMs ?? null;
  }

  /** Monitors, pool use, completed and missed checks, lateness. */
  stats(): SchedulerStats {
    return {
      monitors: this.#entries.size,
      running: this.#running,
      queued: this.#queue.length - this.#queueHead + this.#urgent.length,
      completed: this.#completed,
      missed: this.#missed,
      lateness: this.lateness.summary(),
    };
  }

  /** Stop the timer, forget every assignment and queued check, abort running checks (their results are dropped). */
  stop(): void {
    this.#stop.abort();
    if (this.#timer !== null) this.#options.timers.clear(this.#timer);
    this.#timer = null;
    for (const monitorId of [...this.#entries.keys()]) this.#drop(monitorId);
    this.#heap.clear();
    this.#queue = [];
    this.#queueHead = 0;
    this.#urgent = [];
  }

  #drop(monitorId: string): void {
    const entry = this.#entries.get(monitorId);
    if (entry) entry.active = false;
    this.#entries.delete(monitorId);
  }

  // Keep exactly one timer, set for the earliest active due time.
  #arm(): void {
    while (this.#heap.size > 0 && !this.#heap.peek()!.active) this.#heap.pop();
    const dueMs = this.#heap.peek()?.nextDueMs ?? Number.POSITIVE_INFINITY;
    if (dueMs === this.#timerDueMs && this.#timer !== null) return;
    if (this.#timer !== null) this.#options.timers.clear(this.#timer);
    this.#timer = null;
    this.#timerDueMs = dueMs;
    if (dueMs === Number.POSITIVE_INFINITY || this.#stop.signal.aborted) return;
    const delayMs = Math.max(0, dueMs - this.#options.now());
    this.#timer = this.#options.timers.set(() => this.#onTimer(), delayMs);
  }

  #onTimer(): void {
    this.#timer = null;
    const nowMs = this.#options.now();
    for (let entry = this.#heap.peek(); entry && entry.nextDueMs <= nowMs; entry = this.#heap.peek()) {
      this.#heap.pop();
      if (!entry.active) continue;
      const dueMs = entry.nextDueMs;
      entry.nextDueMs = dueMs + entry.intervalMs;
      // A timer far too late (suspended process): the slots already past are missed, not run in a burst.
      while (entry.nextDueMs <= nowMs) {
        entry.nextDueMs += entry.intervalMs;
        this.#missed += 1;
      }
      if (entry.busy) {
        this.#missed += 1;
      } else {
        entry.busy = true;
        const { monitorId, spec } = entry.assignment;
        this.#queue.push({ request: { monitorId, spec, checkRequestId: null }, entry, dueMs });
      }
      this.#heap.push(entry);
    }
    this.#pump();
    this.#arm();
  }

  #nextJob(): Job | undefined {
    if (this.#urgent.length > 0) return this.#urgent.shift();
    if (this.#queueHead >= this.#queue.length) return undefined;
    const job = this.#queue[this.#queueHead]!;
    this.#queueHead += 1;
    if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
    return job;
  }

  #pump(): void {
    while (this.#running < this.#options.concurrency && !this.#stop.signal.aborted) {
      const job = this.#nextJob();
      if (!job) return;
      if (job.entry && !job.entry.active) continue;
      this.#start(job);
    }
  }

  #start(job: Job): void {
    const { runCheck, probeId, now, graceMs, log } = this.#options;
    this.#running += 1;
    if (job.dueMs !== null) this.lateness.record(now() - job.dueMs);
    const environment = { runCheck, probeId, now, graceMs, log, context: this.#options.context() };
    void runOnce(job.request, { ...environment, stopSignal: this.#stop.signal }).then((result) => {
      this.#running -= 1;
      this.#completed += 1;
      if (job.entry) job.entry.busy = false;
      if (this.#stop.signal.aborted) return;
      try {
        this.#options.onResult(result, job.request.spec.type);
      } catch (error) {
        log(`result handler failed (probe bug): ${(error as Error).stack ?? String(error)}`);
      }
      this.#pump();
    });
  }
}
