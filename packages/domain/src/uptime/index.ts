export { type DayBar, dailyBars, msPerDay, utcDayStartMs } from './daily.ts';
export { clipSpans, overlayMonitorSpans, type StateChange, type StateSpan, stateSpans } from './spans.ts';
export {
  msByClass,
  summarizeUptime,
  type UptimeClass,
  type UptimeSummary,
  uptimeClassOf,
} from './summary.ts';
