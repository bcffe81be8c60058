import {
  deleteOtherRegionStates,
  insertOutbox,
  listRegionStates,
  lockMonitorState,
  saveMonitorState,
  saveRegionStates,
} from '@vantage/db';
import { type CheckResult, evaluateMonitor } from '@vantage/domain';
import type { AppContext } from '../context.ts';
import { applyAutomaticIncidents } from '../services/incidents/auto.ts';
import { activeMaintenance } from '../services/maintenance-windows/schedule.ts';
import { noticeAlertEvent } from './alert-events.ts';
import { rulesOf, toEvaluatedResult } from './rules.ts';

/**
 * Evaluates one monitor with its new results (none for a sweep) in one transaction that holds the
 * monitor's state row: instances take turns, the state read is the state the last one wrote, and the
 * timeline and alert events decided go to the outbox in the same commit. Paused monitors are skipped.
 * Returns whether anything was evaluated.
 */
export async function evaluateMonitorNow(
  app: Pick<AppContext, 'db'>,
  monitorId: string,
  results: readonly CheckResult[],
  now: Date,
): Promise<boolean> {
  return app.db.transaction(async (tx) => {
    const state = await lockMonitorState(tx, monitorId);
    if (!state || state.paused) return false;
    const { orgId, spec } = state;
    const rules = rulesOf(spec);
    const maintenance = (await activeMaintenance(tx, [monitorId], now)).get(monitorId) ?? null;
    const output = evaluateMonitor({
      orgId,
      monitorId,
      rules,
      monitor: state.memory,
      regions: await listRegionStates(tx, orgId, monitorId),
      results: results.map(toEvaluatedResult),
      maintenance,
      now,
    });
    const sameOutage = output.monitor.outageSince?.getTime() === state.memory.outageSince?.getTime();
    await deleteOtherRegionStates(tx, { orgId, monitorId, regions: rules.regions });
    await saveRegionStates(tx, { orgId, monitorId, regions: output.regions });
    await saveMonitorState(tx, {
      orgId,
      monitorId,
      memory: output.monitor,
      remindersSent: sameOutage ? state.remindersSent : 0,
    });
    const judged = { orgId, monitorId, spec };
    const incidentEvents = await applyAutomaticIncidents(
      tx,
      judged,
      output.notices,
      output.monitor.affectedRegions,
    );
    await insertOutbox(tx, [
      ...output.events.map((payload) => ({ kind: 'status_event' as const, payload })),
      ...output.notices.map((notice) => ({
        kind: 'alert_event' as const,
        payload: noticeAlertEvent(judged, spec, notice),
      })),
      ...incidentEvents.map((payload) => ({ kind: 'alert_event' as const, payload })),
    ]);
    return true;
  });
}
