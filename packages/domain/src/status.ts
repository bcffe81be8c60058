import type { FailureKind } from './check-result.ts';

/** State of a monitor in one region (DESIGN.md §6); `unknown` = no fresh result, left out of the quorum. */
export const regionStates = ['up', 'degraded', 'down', 'unknown'] as const;

/** One region state. */
export type RegionState = (typeof regionStates)[number];

/** Where a state change happened: the whole monitor, or one of its regions. */
export type StatusScope = 'monitor' | 'region';

/** One change of state, as stored in the status timeline (`status_events_v1`). */
export interface StatusEvent {
  /** Deterministic id (monitor, scope, region, time, new state): re-evaluating the same results writes the same id. */
  eventId: string;
  orgId: string;
  monitorId: string;
  scope: StatusScope;
  /** The region for `region` scope, '' for `monitor` scope. */
  region: string;
  /** Previous and new state; monitor scope may also be `paused` or `maintenance`. */
  from: string;
  to: string;
  /** Check time of the result that caused the change. */
  at: Date;
  /** Why: the failure kind and error of the deciding result, and the regions down/degraded at that moment. */
  failure: FailureKind | null;
  error: string | null;
  affectedRegions: string[];
}

/** Alert event kinds (DESIGN.md §7). */
export const alertEventKinds = [
  'monitor.down',
  'monitor.degraded',
  'monitor.recovered',
  'monitor.reminder',
  'tls.expiring',
  'heartbeat.missed',
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'test',
] as const;

/** One alert event kind. */
export type AlertEventKind = (typeof alertEventKinds)[number];
