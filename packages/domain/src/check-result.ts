/** Why a check failed; a failed target is data, never an exception. */
export const failureKinds = [
  'dns',
  'connect',
  'tls',
  'timeout',
  'http_status',
  'assertion',
  'body_too_large',
  'blocked_address',
] as const;

/** One failure kind. */
export type FailureKind = (typeof failureKinds)[number];

/** What a checker measured; the runner adds who, where and when (`CheckResult`). */
export interface CheckOutcome {
  ok: boolean;
  failure: FailureKind | null;
  statusCode: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  totalMs: number;
  resolvedIp: string | null;
  tlsExpiresAt: Date | null;
  tlsIssuer: string | null;
  error: string | null;
}

/** One check of one monitor from one region by one probe. */
export interface CheckResult extends CheckOutcome {
  resultId: string;
  monitorId: string;
  region: string;
  probeId: string;
  startedAt: Date;
  /** Set when the result answers a one-shot "check now". */
  checkRequestId: string | null;
}

/** Whether `value` names a failure kind. */
export function isFailureKind(value: unknown): value is FailureKind {
  return typeof value === 'string' && (failureKinds as readonly string[]).includes(value);
}
