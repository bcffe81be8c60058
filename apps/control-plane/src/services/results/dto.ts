import type { StoredCheckResult } from '@vantage/results';

/** Stored result → API DTO (DESIGN.md §9 check result). */
export function toCheckResultDto(result: Omit<StoredCheckResult, 'orgId'>) {
  return {
    monitorId: result.monitorId,
    region: result.region,
    probeId: result.probeId,
    startedAt: result.startedAt.toISOString(),
    ok: result.ok,
    failure: result.failure,
    statusCode: result.statusCode,
    dnsMs: result.dnsMs,
    connectMs: result.connectMs,
    tlsMs: result.tlsMs,
    ttfbMs: result.ttfbMs,
    totalMs: result.totalMs,
    resolvedIp: result.resolvedIp,
    tlsExpiresAt: result.tlsExpiresAt?.toISOString() ?? null,
    error: result.error,
  };
}
