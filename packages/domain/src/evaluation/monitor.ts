import type { FailureKind } from '../check-result.ts';
import type { RegionState, StatusEvent, StatusScope } from '../status.ts';
import { type MonitorHealth, quorumVerdict } from './quorum.ts';
import {
  isNewResult,
  isStale,
  newRegionMemory,
  type RegionInput,
  type RegionMemory,
  type RegionRules,
  stepRegion,
} from './region.ts';

/** Outage bookkeeping for alerts: what was last announced. */
export type AlertState = 'none' | 'degraded' | 'down';

/** What a monitor shows: its health, or `maintenance` during a window. */
export type ShownStatus = MonitorHealth | 'maintenance';

/** What the evaluator remembers about a monitor between evaluations (persisted). */
export interface MonitorMemory {
  health: MonitorHealth;
  shownStatus: ShownStatus;
  affectedRegions: string[];
  alertState: AlertState;
  /** When the announced outage began (left `up`); null while none is announced. */
  outageSince: Date | null;
  lastChangeAt: Date | null;
  /** End of the maintenance window the monitor is in. */
  maintenanceEndsAt: Date | null;
}

/** How a monitor is judged. */
export interface MonitorRules extends RegionRules {
  /** The regions that count (results from other regions are ignored). */
  regions: string[];
  quorum: number | null;
  /** A region without a result for longer than this is `unknown`; null = never (heartbeats). */
  staleAfterMs: number | null;
}

/** A maintenance window occurrence in force at evaluation time. */
export interface MaintenanceSpan {
  startsAt: Date;
  endsAt: Date;
}

/** A result as the evaluator reads it. */
export interface EvaluatedResult extends RegionInput {
  region: string;
}

/** Something to announce (alert and incident): an outage began, got worse, or ended. */
export interface OutageNotice {
  kind: 'down' | 'degraded' | 'recovered';
  /** The alert state before this notice. */
  previous: AlertState;
  at: Date;
  affectedRegions: string[];
  /** Start of the outage (for `recovered`: its duration is `at - outageSince`). */
  outageSince: Date;
  failure: FailureKind | null;
  error: string | null;
}

/** Everything one evaluation needs. */
export interface EvaluationInput {
  orgId: string;
  monitorId: string;
  rules: MonitorRules;
  monitor: MonitorMemory;
  regions: RegionMemory[];
  /** New results of this monitor, any order. */
  results: EvaluatedResult[];
  maintenance: MaintenanceSpan | null;
  now: Date;
}

/** What one evaluation decided. */
export interface EvaluationOutput {
  monitor: MonitorMemory;
  regions: RegionMemory[];
  /** Timeline events, in the order they happened. */
  events: StatusEvent[];
  notices: OutageNotice[];
}

/** A monitor never evaluated before. */
export function newMonitorMemory(): MonitorMemory {
  return {
    health: 'unknown',
    shownStatus: 'unknown',
    affectedRegions: [],
    alertState: 'none',
    outageSince: null,
    lastChangeAt: null,
    maintenanceEndsAt: null,
  };
}

/** Deterministic event id: the same evaluation always names its events the same way. */
export function statusEventId(monitorId: string, scope: StatusScope, region: string, at: Date, to: string) {
  return `${monitorId}/${scope}/${region}/${at.getTime()}/${to}`;
}

type Cause = { failure: FailureKind | null; error: string | null };
const noCause: Cause = { failure: null, error: null };

/**
 * Evaluates a monitor (DESIGN.md §6): results in check-time order through each region's machine,
 * regions without a fresh result to `unknown` (at `lastCheckAt + staleAfterMs`), the quorum verdict
 * after each step, and maintenance at `now`. During maintenance the monitor shows `maintenance`, its
 * health keeps being evaluated, and no notice is raised; leaving it announces whatever changed.
 */
export function evaluateMonitor(input: EvaluationInput): EvaluationOutput {
  const { rules, monitorId, orgId } = input;
  const monitor: MonitorMemory = { ...input.monitor, affectedRegions: [...input.monitor.affectedRegions] };
  const known = new Map(input.regions.map((memory) => [memory.region, memory]));
  const regions = new Map(
    rules.regions.map((region) => [region, known.get(region) ?? newRegionMemory(region)]),
  );
  const events: StatusEvent[] = [];
  const notices: OutageNotice[] = [];

  const event = (scope: StatusScope, region: string, from: string, to: string, at: Date, cause: Cause) => {
    const affectedRegions = [...monitor.affectedRegions];
    const eventId = statusEventId(monitorId, scope, region, at, to);
    events.push({ eventId, orgId, monitorId, scope, region, from, to, at, ...cause, affectedRegions });
  };
  const announce = (at: Date, cause: Cause) => {
    const previous = monitor.alertState;
    const base = { previous, at, affectedRegions: [...monitor.affectedRegions], ...cause };
    if (monitor.health === 'down' && previous !== 'down') {
      monitor.outageSince ??= at;
      notices.push({ kind: 'down', outageSince: monitor.outageSince, ...base });
      monitor.alertState = 'down';
    } else if (monitor.health === 'degraded' && previous === 'none') {
      monitor.outageSince = at;
      notices.push({ kind: 'degraded', outageSince: at, ...base });
      monitor.alertState = 'degraded';
    } else if (monitor.health === 'up' && previous !== 'none') {
      notices.push({ kind: 'recovered', outageSince: monitor.outageSince ?? at, ...base });
      monitor.alertState = 'none';
      monitor.outageSince = null;
    }
  };
  const setShown = (to: ShownStatus, at: Date, cause: Cause) => {
    if (monitor.shownStatus === to) return;
    event('monitor', '', monitor.shownStatus, to, at, cause);
    monitor.shownStatus = to;
    monitor.lastChangeAt = at;
  };
  const refresh = (at: Date, cause: Cause) => {
    const verdict = quorumVerdict(
      [...regions.values()].map((memory) => ({ region: memory.region, state: memory.shownState })),
      rules.quorum,
    );
    monitor.affectedRegions = verdict.affectedRegions;
    if (verdict.health === monitor.health) return;
    monitor.health = verdict.health;
    if (monitor.shownStatus === 'maintenance') return;
    setShown(verdict.health, at, cause);
    announce(at, cause);
  };
  const showRegion = (memory: RegionMemory, to: RegionState, at: Date, cause: Cause) => {
    if (memory.shownState === to) return;
    event('region', memory.region, memory.shownState, to, at, cause);
    memory.shownState = to;
    refresh(at, cause);
  };
  const applyStaleness = (at: Date) => {
    const stale = [...regions.values()]
      .filter((memory) => memory.shownState !== 'unknown' && isStale(memory, at, rules.staleAfterMs))
      .sort((a, b) => a.lastCheckAt!.getTime() - b.lastCheckAt!.getTime());
    for (const memory of stale) {
      showRegion(memory, 'unknown', new Date(memory.lastCheckAt!.getTime() + rules.staleAfterMs!), noCause);
    }
  };

  const maintenanceAt = (at: Date, final: boolean) => {
    const window = input.maintenance;
    const covered = window !== null && window.startsAt <= at && at < window.endsAt;
    const after = (time: Date) => new Date(Math.max(time.getTime(), monitor.lastChangeAt?.getTime() ?? 0));
    if (covered && monitor.shownStatus !== 'maintenance')
      setShown('maintenance', after(window.startsAt), noCause);
    if (covered) {
      monitor.maintenanceEndsAt = window.endsAt;
      return;
    }
    const endsAt = monitor.maintenanceEndsAt;
    if (monitor.shownStatus !== 'maintenance' || !(final || (endsAt !== null && endsAt <= at))) return;
    // A window deleted early ends now; one that ran its course ends at its end.
    const exitAt = after(endsAt !== null && endsAt < at ? endsAt : at);
    monitor.maintenanceEndsAt = null;
    setShown(monitor.health, exitAt, noCause);
    announce(exitAt, noCause);
  };

  const ordered = [...input.results].sort(
    (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.resultId.localeCompare(b.resultId),
  );
  for (const result of ordered) {
    const memory = regions.get(result.region);
    if (!memory || !isNewResult(memory, result)) continue;
    applyStaleness(result.startedAt);
    maintenanceAt(result.startedAt, false);
    const stepped = stepRegion(memory, result, rules);
    Object.assign(memory, stepped, { shownState: memory.shownState });
    showRegion(memory, stepped.state, result.startedAt, { failure: result.failure, error: result.error });
  }
  applyStaleness(input.now);
  maintenanceAt(input.now, true);
  return { monitor, regions: [...regions.values()], events, notices };
}
