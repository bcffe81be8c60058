import { monitorSpecSchema, probeSpecOf } from '@vantage/domain';
import type { Assignment as ProtoAssignment, CheckResult as ProtoCheckResult } from '@vantage/proto';
import type { ProbeAssignment, ProbedSpec } from './scheduler.ts';

// Fields the control plane strips before sending (probeSpecOf); placeholders let the shared schema validate.
const placeholders = { name: 'assignment', regions: ['assignment'] };

/** Proto assignment → a validated probe assignment, or a one-line reason it cannot be run. */
export function assignmentFromProto(assignment: ProtoAssignment): ProbeAssignment | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(assignment.specJson);
  } catch {
    return { error: `monitor ${assignment.monitorId}: spec is not JSON` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { error: `monitor ${assignment.monitorId}: spec is not an object` };
  }
  if ((json as { type?: unknown }).type === 'heartbeat') {
    return { error: `monitor ${assignment.monitorId}: heartbeats are not probed` };
  }
  const parsed = monitorSpecSchema.safeParse({ ...json, ...placeholders });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `monitor ${assignment.monitorId}: ${issue.path.join('.') || 'spec'}: ${issue.message}` };
  }
  if (parsed.data.type === 'heartbeat')
    return { error: `monitor ${assignment.monitorId}: heartbeats are not probed` };
  return {
    monitorId: assignment.monitorId,
    fingerprint: assignment.fingerprint,
    spec: probeSpecOf(parsed.data) as ProbedSpec,
  };
}

/** Approximate encoded size of a proto result in bytes (numbers and tags ≈ 64, plus the strings). */
export function approxEncodedBytes(result: ProtoCheckResult): number {
  return (
    64 +
    result.resultId.length +
    result.monitorId.length +
    result.region.length +
    result.probeId.length +
    result.failure.length +
    result.resolvedIp.length +
    result.tlsIssuer.length +
    result.error.length +
    result.checkRequestId.length
  );
}
