import { randomUUID } from 'node:crypto';
import type { CheckOutcome, CheckResult, ProbeSpec } from '@vantage/domain';
import type { CheckContext } from './checks/checker.ts';

/** The check entry point (the registry's `runCheck`), injected so tests can use a fake. */
export type CheckFunction = (
  spec: ProbeSpec,
  signal: AbortSignal,
  context: CheckContext,
) => Promise<CheckOutcome>;

/** One check to run: which monitor, what to do, and the "check now" request it answers, if any. */
export interface RunRequest {
  monitorId: string;
  spec: ProbeSpec & { timeoutMs: number };
  checkRequestId: string | null;
}

/** What the runner needs besides the request. */
export interface RunEnvironment {
  runCheck: CheckFunction;
  context: CheckContext;
  probeId: string;
  now: () => number;
  /** How long past its deadline a checker that ignores the signal may keep its slot. */
  graceMs: number;
  /** Aborts the check early when the probe stops. */
  stopSignal: AbortSignal;
  log: (line: string) => void;
}

/** An outcome the runner itself produces (no checker measured anything). */
export function failedOutcome(
  failure: CheckOutcome['failure'],
  error: string,
  totalMs: number,
): CheckOutcome {
  return {
    ok: false,
    failure,
    statusCode: null,
    dnsMs: null,
    connectMs: null,
    tlsMs: null,
    ttfbMs: null,
    totalMs,
    resolvedIp: null,
    tlsExpiresAt: null,
    tlsIssuer: null,
    error,
  };
}

/**
 * Run one check under its deadline (`AbortSignal.timeout(spec.timeoutMs)`) and stamp the shared fields.
 * Never throws: a checker's exception (our bug) is logged and becomes an outcome with its error text, and
 * a checker that ignores its deadline is cut off after `graceMs` as a timeout so it cannot hold its slot.
 */
export async function runOnce(request: RunRequest, environment: RunEnvironment): Promise<CheckResult> {
  const { spec, monitorId } = request;
  const startedAtMs = environment.now();
  const started = performance.now();
  const elapsedMs = () => performance.now() - started;
  const signal = AbortSignal.any([AbortSignal.timeout(spec.timeoutMs), environment.stopSignal]);
  let timer: NodeJS.Timeout | undefined;
  const cutOff = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      environment.log(`check of monitor ${monitorId} ignored its deadline; its slot is released`);
      resolve(failedOutcome('timeout', `No answer within ${spec.timeoutMs} ms`, elapsedMs()));
    }, spec.timeoutMs + environment.graceMs);
  });
  let outcome: CheckOutcome;
  try {
    outcome = await Promise.race([environment.runCheck(spec, signal, environment.context), cutOff]);
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    environment.log(`check of monitor ${monitorId} threw (probe bug): ${text}`);
    outcome = failedOutcome(null, `Probe error: ${String(error).slice(0, 500)}`, elapsedMs());
  } finally {
    clearTimeout(timer);
  }
  return {
    ...outcome,
    resultId: randomUUID(),
    monitorId,
    region: environment.context.region,
    probeId: environment.probeId,
    startedAt: new Date(startedAtMs),
    checkRequestId: request.checkRequestId,
  };
}
