export {
  type CheckResultRow,
  fromCheckResultRow,
  type RowStamp,
  type StoredCheckResult,
  toCheckResultRow,
} from './check-result-row.ts';
export { countResults, latestResults, writeCheckResults } from './check-results.ts';
export { openResultsStore, pingResults, type ResultsConnection, type ResultsStore } from './client.ts';
export { migrateResults, resultsMigrationsDir, splitStatements } from './migrate.ts';
export { readStatusEvents, writeStatusEvents } from './status-events.ts';
