import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultsMigrationsDir, splitStatements } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { beforeAll, describe, expect, it } from 'vitest';

// The cluster schema cannot run here (it needs Keeper and several servers), so it is checked against the
// single-node schema the test database was migrated with: ClickHouse's own parser reads every statement,
// and the tables it creates must carry the single-node tables' columns under the same names.
const services = await useTestServices();
const clusterDir = fileURLToPath(new URL('../../packages/results/migrations-cluster', import.meta.url));

interface Column {
  name: string;
  type: string;
  defaultExpression: string;
}

interface ClusterObject {
  file: string;
  name: string;
  engine: string;
  /** Formatted by ClickHouse (formatQuery). */
  formatted: string;
  columns: Column[];
}

async function sqlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file)).sort();
}

/** ClickHouse's canonical text of one statement; throws on a syntax error. */
async function formatQuery(statement: string): Promise<string> {
  const result = await services.results.client.query({
    query: 'SELECT formatQuery({statement:String}) AS formatted',
    query_params: { statement },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ formatted: string }>();
  return row!.formatted;
}

/** Columns of a formatted CREATE TABLE: one "`name` Type [DEFAULT expr]" line each. */
function columnsOf(formatted: string): Column[] {
  return [...formatted.matchAll(/^ {4}`(\w+)` (.+?)(?: DEFAULT (.+?))?,?$/gm)].map((match) => ({
    name: match[1]!,
    type: match[2]!,
    defaultExpression: match[3] ?? '',
  }));
}

async function clusterObjects(): Promise<ClusterObject[]> {
  const objects: ClusterObject[] = [];
  for (const file of await sqlFiles(clusterDir)) {
    for (const statement of splitStatements(await readFile(join(clusterDir, file), 'utf8'))) {
      const formatted = await formatQuery(statement);
      const create = /^CREATE (?:TABLE|MATERIALIZED VIEW) IF NOT EXISTS \{database:Identifier\}\.(\w+)/.exec(
        formatted,
      );
      if (!create) continue;
      const engine = /^ENGINE = (\w+)/m.exec(formatted)?.[1] ?? 'MaterializedView';
      objects.push({ file, name: create[1]!, engine, formatted, columns: columnsOf(formatted) });
    }
  }
  return objects;
}

async function singleNodeTables(): Promise<Map<string, { engine: string; columns: Column[] }>> {
  const result = await services.results.client.query({
    query: `SELECT t.name AS table, t.engine AS engine, c.name AS name, c.type AS type,
        c.default_expression AS defaultExpression
      FROM system.tables AS t INNER JOIN system.columns AS c ON c.database = t.database AND c.table = t.name
      WHERE t.database = {database:String} AND t.name != 'schema_migrations_v1'
      ORDER BY t.name, c.position`,
    query_params: { database: services.results.database },
    format: 'JSONEachRow',
  });
  const tables = new Map<string, { engine: string; columns: Column[] }>();
  for (const row of await result.json<Column & { table: string; engine: string }>()) {
    const table = tables.get(row.table) ?? { engine: row.engine, columns: [] };
    table.columns.push({ name: row.name, type: row.type, defaultExpression: row.defaultExpression });
    tables.set(row.table, table);
  }
  return tables;
}

describe('the ClickHouse cluster schema (infra/clickhouse/cluster)', () => {
  let objects: ClusterObject[];
  let single: Map<string, { engine: string; columns: Column[] }>;

  beforeAll(async () => {
    objects = await clusterObjects();
    single = await singleNodeTables();
  });

  it('has a file for every single-node migration, under the same name, so the migration record lines up', async () => {
    expect(await sqlFiles(clusterDir)).toEqual(await sqlFiles(resultsMigrationsDir));
  });

  it('is read by the ClickHouse parser, which does reject a broken statement', async () => {
    await expect(formatQuery('CREATE TABLE broken (a UInt8) ENGINE = MergeTree ORDR BY a')).rejects.toThrow();
    expect(objects.length).toBeGreaterThan(0);
  });

  it('creates every statement on the whole cluster', async () => {
    for (const file of await sqlFiles(clusterDir)) {
      for (const statement of splitStatements(await readFile(join(clusterDir, file), 'utf8'))) {
        expect(await formatQuery(statement), file).toContain('ON CLUSTER `{cluster}`');
      }
    }
  });

  it('serves each single-node table as a Distributed table of the same name and columns, sharded by monitor', () => {
    const tables = [...single].filter(([, table]) => table.engine !== 'MaterializedView');
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const [name, table] of tables) {
      const distributed = objects.find((object) => object.name === name);
      expect(distributed?.engine, name).toBe('Distributed');
      expect(distributed?.columns, name).toEqual(table.columns);
      expect(distributed?.formatted, name).toContain(
        `'${name.replace(/_v1$/, '_local_v1')}', cityHash64(monitor_id))`,
      );
    }
  });

  it('stores each table in a replicated local table with the same columns and engine family', () => {
    for (const [name, table] of single) {
      if (table.engine === 'MaterializedView') continue;
      const local = objects.find((object) => object.name === name.replace(/_v1$/, '_local_v1'));
      expect(local?.engine, name).toBe(`Replicated${table.engine}`);
      expect(local?.columns, name).toEqual(table.columns);
      expect(local?.formatted, name).toMatch(
        /'\/clickhouse\/tables\/\{shard\}\/\{database\}\/\w+', '\{replica\}'\)/,
      );
    }
  });

  it('keeps each materialized view, feeding the local rollup from the local raw table on every shard', () => {
    const views = [...single]
      .filter(([, table]) => table.engine === 'MaterializedView')
      .map(([name]) => name);
    expect(views.length).toBeGreaterThanOrEqual(3);
    for (const name of views) {
      const view = objects.find((object) => object.name === name);
      expect(view?.engine, name).toBe('MaterializedView');
      expect(view?.formatted, name).toMatch(/TO \{database:Identifier\}\.check_rollup_\w+_local_v1/);
      expect(view?.formatted, name).toContain('FROM {database:Identifier}.check_results_local_v1');
    }
  });
});
