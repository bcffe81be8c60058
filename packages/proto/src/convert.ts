import type { CheckResult, FailureKind } from '@vantage/domain';
import { isFailureKind } from '@vantage/domain';
import type { CheckResult as ProtoCheckResult } from './gen/vantage/probe/v1/probe.ts';

// The wire carries whole milliseconds (uint32).
const wholeMs = (ms: number) => Math.max(0, Math.min(0xffff_ffff, Math.round(ms)));
const optional = (value: number | null): number | undefined => (value === null ? undefined : wholeMs(value));
const nullable = (value: number | undefined): number | null => (value === undefined ? null : value);

/** Domain check result → wire message (dates as epoch ms, nulls left out). */
export function checkResultToProto(result: CheckResult): ProtoCheckResult {
  return {
    resultId: result.resultId,
    monitorId: result.monitorId,
    region: result.region,
    probeId: result.probeId,
    startedAtMs: result.startedAt.getTime(),
    ok: result.ok,
    failure: result.failure ?? '',
    statusCode: result.statusCode ?? 0,
    dnsMs: optional(result.dnsMs),
    connectMs: optional(result.connectMs),
    tlsMs: optional(result.tlsMs),
    ttfbMs: optional(result.ttfbMs),
    totalMs: wholeMs(result.totalMs),
    resolvedIp: result.resolvedIp ?? '',
    tlsExpiresAtMs: result.tlsExpiresAt ? result.tlsExpiresAt.getTime() : undefined,
    tlsIssuer: result.tlsIssuer ?? '',
    error: result.error ?? '',
    checkRequestId: result.checkRequestId ?? '',
  };
}

/** Wire message → domain check result; an unknown failure kind is kept as an error text, never trusted. */
export function checkResultFromProto(message: ProtoCheckResult): CheckResult {
  const failure: FailureKind | null = isFailureKind(message.failure) ? message.failure : null;
  return {
    resultId: message.resultId,
    monitorId: message.monitorId,
    region: message.region,
    probeId: message.probeId,
    startedAt: new Date(message.startedAtMs),
    ok: message.ok,
    failure: message.ok ? null : failure,
    statusCode: message.statusCode === 0 ? null : message.statusCode,
    dnsMs: nullable(message.dnsMs),
    connectMs: nullable(message.connectMs),
    tlsMs: nullable(message.tlsMs),
    ttfbMs: nullable(message.ttfbMs),
    totalMs: message.totalMs,
    resolvedIp: message.resolvedIp || null,
    tlsExpiresAt: message.tlsExpiresAtMs === undefined ? null : new Date(message.tlsExpiresAtMs),
    tlsIssuer: message.tlsIssuer || null,
    error: message.error || (message.failure && !failure ? `unknown failure kind ${message.failure}` : null),
    checkRequestId: message.checkRequestId || null,
  };
}
