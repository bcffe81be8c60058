import { randomUUID } from 'node:crypto';
import type { CheckResult } from '@vantage/domain';
import { checkResultToProto, type CheckResult as ProtoCheckResult } from '@vantage/proto';
import { approxEncodedBytes } from './convert.ts';
import type { Timers } from './scheduler.ts';

/** A sealed batch of results in wire form; a re-sent batch keeps its id. */
export interface ResultBatch {
  batchId: string;
  results: ProtoCheckResult[];
  /** Approximate encoded size of the results. */
  sizeBytes: number;
}

/** How to build a buffer. */
export interface ResultBufferOptions {
  /** Called with each sealed batch (the session sends it when connected). */
  onBatch: (batch: ResultBatch) => void;
  maxResults?: number;
  maxBytes?: number;
  batchMaxResults?: number;
  flushIntervalMs?: number;
  timers?: Timers;
  log?: (line: string) => void;
}

/** Counters for logs and the bench. */
export interface ResultBufferStats {
  pendingResults: number;
  unackedBatches: number;
  unackedResults: number;
  unackedBytes: number;
  /** Results forgotten unacknowledged because the bound was reached (oldest batches first). */
  droppedResults: number;
}

/** Default bound on unacknowledged results held in memory. */
export const defaultBufferMaxResults = 200_000;
/** Default bound on the approximate encoded bytes of unacknowledged results (64 MiB). */
export const defaultBufferMaxBytes = 64 * 1024 * 1024;

const realTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** How soon a batch holding a failure is sent. */
const failureFlushMs = 50;

/**
 * Batches results (500 per batch or every second) and keeps every sealed batch until the control plane
 * acknowledges it. Bound: at most `maxResults` results (default 200,000) and `maxBytes` approximate
 * encoded bytes (default 64 MiB) in unacknowledged batches, plus at most one open batch of
 * `batchMaxResults`; beyond that the oldest whole batches are dropped and counted in `droppedResults`.
 */
export class ResultBuffer {
  readonly #options: Required<ResultBufferOptions>;
  readonly #unacked = new Map<string, ResultBatch>();
  #pending: ProtoCheckResult[] = [];
  #pendingBytes = 0;
  #timer: unknown = null;
  #urgent = false;
  #unackedResults = 0;
  #unackedBytes = 0;
  #droppedResults = 0;

  /** Build an empty buffer. */
  constructor(options: ResultBufferOptions) {
    this.#options = {
      ...options,
      maxResults: options.maxResults ?? defaultBufferMaxResults,
      maxBytes: options.maxBytes ?? defaultBufferMaxBytes,
      batchMaxResults: options.batchMaxResults ?? 500,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      timers: options.timers ?? realTimers,
      log: options.log ?? (() => {}),
    };
  }

  /** Add one result; the batch is sealed when full or when the flush interval passes. */
  add(result: CheckResult): void {
    const proto = checkResultToProto(result);
    this.#pending.push(proto);
    this.#pendingBytes += approxEncodedBytes(proto);
    if (this.#pending.length >= this.#options.batchMaxResults) {
      this.flush();
      return;
    }
    // A failure is what someone is waiting on: it leaves within failureFlushMs, coalesced with any
    // other failures of that moment, instead of waiting out the whole flush interval.
    if (!result.ok && !this.#urgent) {
      this.#urgent = true;
      if (this.#timer !== null) this.#options.timers.clear(this.#timer);
      this.#timer = this.#options.timers.set(() => this.flush(), failureFlushMs);
    } else if (this.#timer === null) {
      this.#timer = this.#options.timers.set(() => this.flush(), this.#options.flushIntervalMs);
    }
  }

  /** Seal the open batch now (no-op when empty), keep it until acknowledged, and hand it to `onBatch`. */
  flush(): void {
    if (this.#timer !== null) this.#options.timers.clear(this.#timer);
    this.#timer = null;
    this.#urgent = false;
    if (this.#pending.length === 0) return;
    const batch = { batchId: randomUUID(), results: this.#pending, sizeBytes: this.#pendingBytes };
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#unacked.set(batch.batchId, batch);
    this.#unackedResults += batch.results.length;
    this.#unackedBytes += batch.sizeBytes;
    this.#enforceBound();
    if (this.#unacked.has(batch.batchId)) this.#options.onBatch(batch);
  }

  /** Forget an acknowledged batch; false when unknown (already acknowledged or dropped). */
  ack(batchId: string): boolean {
    const batch = this.#unacked.get(batchId);
    if (!batch) return false;
    this.#forget(batch);
    return true;
  }

  /** Takes back batches a previous process saved unacknowledged (call before the session starts), within the bound. */
  restore(batches: readonly ResultBatch[]): void {
    for (const batch of batches) {
      if (this.#unacked.has(batch.batchId)) continue;
      this.#unacked.set(batch.batchId, batch);
      this.#unackedResults += batch.results.length;
      this.#unackedBytes += batch.sizeBytes;
    }
    this.#enforceBound();
  }

  /** Unacknowledged batches, oldest first: what to re-send after a reconnect. */
  unacked(): ResultBatch[] {
    return [...this.#unacked.values()];
  }

  /** Pending, unacknowledged and dropped counts. */
  stats(): ResultBufferStats {
    return {
      pendingResults: this.#pending.length,
      unackedBatches: this.#unacked.size,
      unackedResults: this.#unackedResults,
      unackedBytes: this.#unackedBytes,
      droppedResults: this.#droppedResults,
    };
  }

  /** Stop the flush timer (call `flush` first to seal the open batch). */
  stop(): void {
    if (this.#timer !== null) this.#options.timers.clear(this.#timer);
    this.#timer = null;
  }

  #forget(batch: ResultBatch): void {
    this.#unacked.delete(batch.batchId);
    this.#unackedResults -= batch.results.length;
    this.#unackedBytes -= batch.sizeBytes;
  }

  #enforceBound(): void {
    const { maxResults, maxBytes, log } = this.#options;
    while (this.#unackedResults > maxResults || this.#unackedBytes > maxBytes) {
      const oldest = this.#unacked.values().next().value;
      if (!oldest) return;
      this.#forget(oldest);
      this.#droppedResults += oldest.results.length;
      log(`result buffer full: dropped ${oldest.results.length} unacknowledged results (oldest batch)`);
    }
  }
}
