import { randomUUID } from 'node:crypto';
import type { MonitorSpec } from '@vantage/domain';
import { checkResultFromProto } from '@vantage/proto';
import type { AppContext } from '../../context.ts';
import { assignmentOf } from '../../probes/hub.ts';
import { toCheckResultDto } from '../results/dto.ts';

/** One region's answer to a one-shot check. */
export interface RegionCheck {
  region: string;
  result: ReturnType<typeof toCheckResultDto> | null;
  error: string | null;
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
    return { region, result: toCheckResultDto(checkResultFromProto(answer)), error: null };
  });
}
