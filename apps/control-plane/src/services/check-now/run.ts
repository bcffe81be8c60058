import { randomUUID } from 'node:crypto';
import type { MonitorSpec } from '@vantage/domain';
import { checkResultFromProto } from '@vantage/proto';
import type { AppContext } from '../../context.ts';
import { assignmentOf } from '../../probes/hub.ts';

/** One region's answer to a one-shot check. */
export interface RegionCheck {
  region: string;
  result: ReturnType<typeof toResultDto> | null;
  error: string | null;
}

/** Domain result → API shape (DESIGN.md §9). */
export function toResultDto(result: ReturnType<typeof checkResultFromProto>) {
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
    tlsExpiresAt: result.tlsExpiresAt ? result.tlsExpiresAt.toISOString() : null,
    error: result.error,
  };
}

/**
 * Runs one check of `spec` now in each region, through the probes' own streams (a one-shot assignment
 * to the probe that owns the monitor there), and waits at most the spec's timeout plus one second.
 */
export async function runChecksNow(
  app: AppContext,
  monitorId: string,
  spec: Exclude<MonitorSpec, { type: 'heartbeat' }>,
  regions: string[],
): Promise<RegionCheck[]> {
  const assignment = assignmentOf({ monitorId, spec });
  const requests = regions.map((region) => ({
    requestId: randomUUID(),
    region,
    routeKey: monitorId,
    assignment,
  }));
  const answers = await app.probeHub().requestChecks(requests, spec.timeoutMs + 1_000);
  return regions.map((region) => {
    const answer = answers.get(region);
    if (!answer)
      return {
        region,
        result: null,
        error: `no probe in ${region} answered within ${spec.timeoutMs + 1_000} ms`,
      };
    return { region, result: toResultDto(checkResultFromProto(answer)), error: null };
  });
}
