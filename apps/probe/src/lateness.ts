/** Summary of how late checks started compared with their due time. */
export interface LatenessSummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Histogram of check start lateness in whole milliseconds (1 ms buckets up to `limitMs`, then overflow). */
export class LatenessHistogram {
  readonly #buckets: Uint32Array;
  #count = 0;
  #maxMs = 0;

  /** `limitMs` is the largest lateness recorded exactly; anything later lands in the last bucket. */
  constructor(limitMs = 10_000) {
    this.#buckets = new Uint32Array(limitMs + 1);
  }

  /** Record one check that started `latenessMs` after it was due (negative counts as zero). */
  record(latenessMs: number): void {
    const ms = Math.max(0, Math.round(latenessMs));
    this.#buckets[Math.min(ms, this.#buckets.length - 1)]! += 1;
    this.#count += 1;
    this.#maxMs = Math.max(this.#maxMs, ms);
  }

  /** The lateness at quantile `q` (0..1), in ms; 0 when nothing was recorded. */
  quantileMs(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let ms = 0; ms < this.#buckets.length; ms += 1) {
      seen += this.#buckets[ms]!;
      if (seen >= rank) return ms;
    }
    return this.#maxMs;
  }

  /** Count, p50, p99 and maximum. */
  summary(): LatenessSummary {
    return {
      count: this.#count,
      p50Ms: this.quantileMs(0.5),
      p99Ms: this.quantileMs(0.99),
      maxMs: this.#maxMs,
    };
  }

  /** Forget everything recorded so far (e.g. after a warm-up). */
  reset(): void {
    this.#buckets.fill(0);
    this.#count = 0;
    this.#maxMs = 0;
  }
}
