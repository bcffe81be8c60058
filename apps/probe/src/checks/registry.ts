import type { CheckOutcome, ProbeSpec } from '@vantage/domain';
import type { CheckContext, Checker } from './checker.ts';
import { checkDns } from './dns.ts';
import { checkHttp } from './http.ts';
import { checkTcp } from './tcp.ts';
import { checkTls } from './tls.ts';

/** Kinds a probe runs from its region (heartbeats are pushed to the control plane, never probed). */
export type ProbedKind = Exclude<ProbeSpec['type'], 'heartbeat'>;

/** The one list of probed check kinds and their checkers. */
export const checkers: { [K in ProbedKind]: Checker<Extract<ProbeSpec, { type: K }>> } = {
  http: checkHttp,
  tcp: checkTcp,
  dns: checkDns,
  tls: checkTls,
};

/** Whether a probe runs checks of `spec`'s kind (false for heartbeats). */
export function isProbed(spec: ProbeSpec): spec is Extract<ProbeSpec, { type: ProbedKind }> {
  return Object.hasOwn(checkers, spec.type);
}

/**
 * Run one check of `spec` before `signal` aborts. A failing target is an outcome; a rejection means a
 * bug of ours (or a heartbeat spec, which is never assigned to a probe) and is the runner's to report.
 */
export function runCheck(spec: ProbeSpec, signal: AbortSignal, context: CheckContext): Promise<CheckOutcome> {
  if (!isProbed(spec)) return Promise.reject(new Error(`Monitors of type ${spec.type} are not probed`));
  const checker = checkers[spec.type] as Checker;
  return checker(spec, signal, context);
}
