import type { CheckResult, EvaluatedResult, MonitorRules, MonitorSpec } from '@vantage/domain';
import { pushRegion } from '../ingest/heartbeat-results.ts';

/**
 * How late a result may reach the evaluator after its check started (the probe flushes every second,
 * then ClickHouse stores it); `listMonitorsWithStaleRegions` (packages/db) uses the same 5 s.
 */
export const resultDelayAllowanceMs = 5_000;

/**
 * How a monitor is judged. Heartbeats have one region (`push`), decide on one result each way and never
 * go stale (the heartbeat sweeper writes a failing result for every missed deadline).
 */
export function rulesOf(spec: MonitorSpec): MonitorRules {
  if (spec.type === 'heartbeat') {
    return {
      regions: [pushRegion],
      failureThreshold: 1,
      recoveryThreshold: 1,
      degradedAboveMs: null,
      quorum: null,
      staleAfterMs: null,
    };
  }
  return {
    regions: spec.regions,
    failureThreshold: spec.failureThreshold,
    recoveryThreshold: spec.recoveryThreshold,
    degradedAboveMs: spec.type === 'http' ? spec.degradedAboveMs : null,
    quorum: spec.quorum,
    // A region is unknown once it missed two checks, the second one's timeout has passed and its result
    // had time to travel (probe batch flush, ingest): staleness is judged on the evaluator's clock.
    staleAfterMs: 2 * spec.intervalSeconds * 1000 + spec.timeoutMs + resultDelayAllowanceMs,
  };
}

/** Check result → what the evaluator reads. */
export function toEvaluatedResult(result: CheckResult): EvaluatedResult {
  return {
    resultId: result.resultId,
    region: result.region,
    startedAt: result.startedAt,
    ok: result.ok,
    totalMs: result.totalMs,
    failure: result.failure,
    error: result.error,
  };
}
