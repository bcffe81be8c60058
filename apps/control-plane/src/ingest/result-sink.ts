import type { CheckResult } from '@vantage/domain';

/** Where durable results go next (the evaluator implements it); called after they are in ClickHouse. */
export interface ResultSink {
  accept(results: CheckResult[]): Promise<void>;
}

/** A sink that does nothing (until the evaluator is built). */
export const noopResultSink: ResultSink = { accept: async () => {} };

/** The newest result per monitor and region, kept in memory: a sink for "what did each region see last". */
export class LatestResultStore implements ResultSink {
  readonly #latest = new Map<string, CheckResult>();

  /** Keeps each result that is newer than the one stored for its monitor and region. */
  async accept(results: CheckResult[]): Promise<void> {
    for (const result of results) {
      const key = `${result.monitorId}/${result.region}`;
      const current = this.#latest.get(key);
      if (!current || current.startedAt <= result.startedAt) this.#latest.set(key, result);
    }
  }

  /** The newest result of a monitor in each region it has results from. */
  latestOf(monitorId: string): CheckResult[] {
    return [...this.#latest.values()].filter((result) => result.monitorId === monitorId);
  }
}
