import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** Folder of the numbered plain-SQL migrations. */
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

/** Applies every pending Postgres migration; returns the names it applied (none on a migrated database). */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: migrationsDir,
    migrationsTable: 'schema_migrations',
    direction: 'up',
    singleTransaction: true,
    checkOrder: true,
    log: () => {},
  });
  return applied.map((migration) => migration.name);
}
