export {
  type CheckResultRow,
  fromCheckResultRow,
  type RowStamp,
  type StoredCheckResult,
  toCheckResultRow,
} from './check-result-row.ts';
export { countResults, latestResults, writeCheckResults } from './check-results.ts';
export { openResultsStore, pingResults, type ResultsConnection, type ResultsStore } from './client.ts';
export { type MonitorDailyBars, readDailyBars } from './daily-bars.ts';
export { defaultLatencyBucket, type LatencyBucket, readLatency } from './latency.ts';
export {
  clusterResultsMigrationsDir,
  migrateResults,
  pendingResultsMigrations,
  type ResultsSchema,
  resultsMigrationsDir,
  resultsMigrationsDirOf,
  splitStatements,
} from './migrate.ts';
export {
  type HourlyLatency,
  type MonitorsOverview,
  type MonitorsOverviewInput,
  readMonitorsOverview,
} from './overview.ts';
export {
  bucketMs,
  finestBucketFor,
  type RegionCounts,
  type RollupBucket,
  type RollupSegment,
  readSuccessCounts,
  rollupBuckets,
  rollupSegments,
  rollupTables,
} from './rollups.ts';
export { readStatusEvents, writeStatusEvents } from './status-events.ts';
export {
  type MonitorTimeline,
  type MonitorUptime,
  readTimeline,
  readTimelines,
  readUptime,
  type UptimeReport,
} from './uptime.ts';
