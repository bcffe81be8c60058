import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultsStore } from './client.ts';

/** Folder of the numbered ClickHouse schema files (single node and chDB). */
export const resultsMigrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

/** The same schema for a ClickHouse cluster: Replicated*MergeTree tables behind Distributed ones. */
export const clusterResultsMigrationsDir = fileURLToPath(new URL('../migrations-cluster', import.meta.url));

/** Which schema a deployment uses. */
export type ResultsSchema = 'single' | 'cluster';

/** The schema files of `schema`. */
export function resultsMigrationsDirOf(schema: ResultsSchema): string {
  return schema === 'cluster' ? clusterResultsMigrationsDir : resultsMigrationsDir;
}

const migrationFilePattern = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Splits a schema file into statements (statements end with `;` at the end of a line). */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((statement) =>
      statement
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((statement) => statement.length > 0);
}

/** Applies every schema file not yet recorded in `schema_migrations_v1`; returns the names it applied. */
export async function migrateResults(store: ResultsStore, dir = resultsMigrationsDir): Promise<string[]> {
  const { client, database } = store;
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS {database:Identifier}.schema_migrations_v1
      (name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY name`,
    query_params: { database },
  });
  const rows = await client.query({
    query: 'SELECT name FROM {database:Identifier}.schema_migrations_v1',
    query_params: { database },
    format: 'JSONEachRow',
  });
  const done = new Set((await rows.json<{ name: string }>()).map((row) => row.name));
  const files = (await readdir(dir)).filter((file) => migrationFilePattern.test(file)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const name = file.replace(/\.sql$/, '');
    if (done.has(name)) continue;
    // Each statement is written to be re-runnable (IF NOT EXISTS), so a run cut short between a
    // statement and its record is finished by the next run.
    for (const query of splitStatements(await readFile(join(dir, file), 'utf8'))) {
      await client.command({ query, query_params: { database } });
    }
    await client.insert({
      table: `${database}.schema_migrations_v1`,
      values: [{ name }],
      format: 'JSONEachRow',
    });
    applied.push(name);
  }
  return applied;
}

/** Schema files not yet recorded in `schema_migrations_v1` (readiness checks); all of them on an empty database. */
export async function pendingResultsMigrations(
  store: ResultsStore,
  dir = resultsMigrationsDir,
): Promise<string[]> {
  const { client, database } = store;
  const files = (await readdir(dir))
    .filter((file) => migrationFilePattern.test(file))
    .map((file) => file.replace(/\.sql$/, ''))
    .sort();
  const exists = await client.query({
    query: 'EXISTS TABLE {database:Identifier}.schema_migrations_v1',
    query_params: { database },
    format: 'JSONEachRow',
  });
  const [row] = await exists.json<{ result: number | string }>();
  if (Number(row?.result ?? 0) !== 1) return files;
  const rows = await client.query({
    query: 'SELECT DISTINCT name FROM {database:Identifier}.schema_migrations_v1',
    query_params: { database },
    format: 'JSONEachRow',
  });
  const applied = new Set((await rows.json<{ name: string }>()).map((applied) => applied.name));
  return files.filter((name) => !applied.has(name));
}
