export type {
  AlertState,
  EvaluatedResult,
  EvaluationInput,
  EvaluationOutput,
  MaintenanceSpan,
  MonitorMemory,
  MonitorRules,
  OutageNotice,
  ShownStatus,
} from './monitor.ts';
export { evaluateMonitor, newMonitorMemory, statusEventId } from './monitor.ts';
export { type MonitorHealth, type QuorumVerdict, quorumVerdict } from './quorum.ts';
export type { RegionInput, RegionMemory, RegionRules } from './region.ts';
export { isNewResult, isStale, newRegionMemory, stepRegion } from './region.ts';
