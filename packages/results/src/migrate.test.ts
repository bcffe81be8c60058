import { useTestServices } from '@vantage/testing';
import { describe, expect, it } from 'vitest';
import type { ResultsStore } from './client.ts';
import { migrateResults, splitStatements } from './migrate.ts';

const services = await useTestServices();

async function tableNames(store: ResultsStore): Promise<string[]> {
  const rows = await store.client.query({
    query: 'SELECT name FROM system.tables WHERE database = {database:String} ORDER BY name',
    query_params: { database: store.database },
    format: 'JSONEachRow',
  });
  return (await rows.json<{ name: string }>()).map((row) => row.name);
}

describe('ClickHouse schema migrations', () => {
  it('apply every schema file to an empty database and record them', async () => {
    const store = { client: services.results.client, database: `${services.results.database}_empty` };
    await store.client.command({ query: `CREATE DATABASE ${store.database}` });
    try {
      expect(await tableNames(store)).toEqual([]);
      expect(await migrateResults(store)).toContain('0001_check_results');
      expect(await tableNames(store)).toEqual([
        'check_results_v1',
        'check_rollup_1d_mv_v1',
        'check_rollup_1d_v1',
        'check_rollup_1h_mv_v1',
        'check_rollup_1h_v1',
        'check_rollup_1m_mv_v1',
        'check_rollup_1m_v1',
        'schema_migrations_v1',
        'status_events_v1',
      ]);
    } finally {
      await store.client.command({ query: `DROP DATABASE ${store.database}` });
    }
  });

  it('apply nothing on a migrated database', async () => {
    expect(await migrateResults(services.results)).toEqual([]);
  });

  it('keep raw results for a limited time (row TTL)', async () => {
    const rows = await services.results.client.query({
      query:
        'SELECT create_table_query AS ddl FROM system.tables WHERE database = {database:String} AND name = {table:String}',
      query_params: { database: services.results.database, table: 'check_results_v1' },
      format: 'JSONEachRow',
    });
    const [table] = await rows.json<{ ddl: string }>();
    expect(table?.ddl).toMatch(/TTL .*retention_days/);
  });

  it.each([
    ['one statement', 'CREATE TABLE a (x UInt8) ENGINE = Memory;', 1],
    [
      'two statements and a comment',
      '-- note\nCREATE TABLE a (x UInt8) ENGINE = Memory;\nDROP TABLE a;\n',
      2,
    ],
    ['a semicolon inside a line', "SELECT 'a;b';", 1],
  ])('split %s', (_name, text, count) => {
    expect(splitStatements(text)).toHaveLength(count);
  });
});
