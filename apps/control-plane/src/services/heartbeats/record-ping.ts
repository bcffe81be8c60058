import { randomUUID } from 'node:crypto';
import type { DatabasePool } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { nilProbeId, pingResult, pushRegion } from '../../ingest/heartbeat-results.ts';
import { claimPing, findHeartbeatTarget, unclaimPing } from '../../ingest/heartbeat-store.ts';
import type { ResultIngest } from '../../ingest/result-ingest.ts';

/**
 * Records a ping of the heartbeat monitor with `token`: a passing `push` row, durable before it answers.
 * A paused monitor records nothing; a second ping in the same second records no second row.
 */
export async function recordHeartbeatPing(
  deps: { db: DatabasePool; ingest: ResultIngest },
  token: string,
): Promise<{ ok: true; paused: boolean }> {
  const target = await findHeartbeatTarget(deps.db, token);
  if (!target) throw new ServiceError('not_found', 'Unknown heartbeat token');
  if (target.paused) return { ok: true, paused: true };
  const claimed = await claimPing(deps.db, target.monitorId);
  if (!claimed) return { ok: true, paused: false };
  const results = [pingResult(target.monitorId, claimed.pingedAt)];
  try {
    await deps.ingest.submit({ batchId: randomUUID(), probeId: nilProbeId, region: pushRegion, results });
  } catch {
    // Not written: forget the ping too, so the job's retry is recorded and the deadline stays honest.
    await unclaimPing(deps.db, target.monitorId, claimed);
    throw new ServiceError('unavailable', 'The ping could not be recorded; try again');
  }
  return { ok: true, paused: false };
}
