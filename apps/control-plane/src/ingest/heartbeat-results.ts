import { createHash } from 'node:crypto';
import type { CheckResult } from '@vantage/domain';
import type { MissedHeartbeat } from './heartbeat-store.ts';

/** The region of heartbeat results: pushed to us, not probed. */
export const pushRegion = 'push';

/** The probe id of heartbeat results (no probe ran them). */
export const nilProbeId = '00000000-0000-0000-0000-000000000000';

/** At most this many failing rows per monitor and sweep (a long-paused monitor must not flood). */
export const maxMissedRowsPerSweep = 10;

// Derived from what the row records, so writing the same ping or miss again yields the same result id
// and the ReplacingMergeTree keeps one row.
function resultIdOf(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join(':')).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function heartbeatResult(monitorId: string, startedAt: Date, ok: boolean, error: string | null): CheckResult {
  return {
    resultId: resultIdOf('heartbeat', monitorId, String(startedAt.getTime()), ok ? 'ping' : 'miss'),
    monitorId,
    region: pushRegion,
    probeId: nilProbeId,
    startedAt,
    checkRequestId: null,
    ok,
    failure: ok ? null : 'timeout',
    statusCode: null,
    dnsMs: null,
    connectMs: null,
    tlsMs: null,
    ttfbMs: null,
    totalMs: 0,
    resolvedIp: null,
    tlsExpiresAt: null,
    tlsIssuer: null,
    error,
  };
}

/** The passing result of a ping. */
export function pingResult(monitorId: string, pingedAt: Date): CheckResult {
  return heartbeatResult(monitorId, pingedAt, true, null);
}

/** One failing result per missed deadline (the latest `maxMissedRowsPerSweep` of them). */
export function missedResults(missed: MissedHeartbeat): CheckResult[] {
  const periodMs = missed.periodSeconds * 1000;
  const count = Math.round((missed.nextDeadlineAt.getTime() - missed.firstMissedAt.getTime()) / periodMs);
  const results: CheckResult[] = [];
  for (let k = Math.max(0, count - maxMissedRowsPerSweep); k < count; k += 1) {
    const missedAt = new Date(missed.firstMissedAt.getTime() + k * periodMs);
    results.push(
      heartbeatResult(missed.monitorId, missedAt, false, `no ping within ${missed.windowSeconds} s`),
    );
  }
  return results;
}
