export { sql } from 'slonik';
export { migrateDatabase, migrationsDir } from './migrate.ts';
export { createDatabasePool, type DatabasePool, type DatabasePoolOptions } from './pool.ts';
