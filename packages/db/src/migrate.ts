import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

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

/** Migrations in the folder that the database has not applied yet (readiness checks); all of them on an empty database. */
export async function pendingDatabaseMigrations(db: Queryable): Promise<string[]> {
  const files = (await readdir(migrationsDir))
    .filter((file) => file.endsWith('.sql'))
    .map((file) => file.replace(/\.sql$/, ''))
    .sort();
  const relation = await db.oneFirst(sql.type(z.object({ relation: z.string().nullable() }))`
    SELECT to_regclass('schema_migrations')::text AS relation`);
  if (relation === null) return files;
  const applied = new Set(
    await db.anyFirst(sql.type(z.object({ name: z.string() }))`SELECT name FROM schema_migrations`),
  );
  return files.filter((name) => !applied.has(name));
}
