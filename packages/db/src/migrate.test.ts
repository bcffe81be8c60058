import { useTestServices } from '@vantage/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from './migrate.ts';

const services = await useTestServices();

async function tables(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('Postgres migrations', () => {
  it('apply every migration to an empty database', async () => {
    const databaseUrl = await services.createDatabase({ migrated: false });
    expect(await tables(databaseUrl)).toEqual([]);
    const applied = await migrateDatabase(databaseUrl);
    expect(applied[0]).toBe('0001_accounts');
    expect(await tables(databaseUrl)).toEqual(
      expect.arrayContaining(['memberships', 'organizations', 'users']),
    );
  });

  it('apply nothing and change nothing on a migrated database', async () => {
    const before = await tables(services.databaseUrl);
    expect(await migrateDatabase(services.databaseUrl)).toEqual([]);
    expect(await tables(services.databaseUrl)).toEqual(before);
  });
});
