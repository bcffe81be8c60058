export { openResultsStore, pingResults, type ResultsConnection, type ResultsStore } from './client.ts';
export { migrateResults, resultsMigrationsDir, splitStatements } from './migrate.ts';
