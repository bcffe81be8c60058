import { randomUUID } from 'node:crypto';
import { sql } from '@vantage/db';
import { expect } from 'vitest';
import type { TestServices } from './services.ts';

/** Writes one marker row to the same Postgres table, ClickHouse table and Redis key as every other file, then
 *  checks that only its own marker is visible: the proof that test files are isolated. */
export async function expectOnlyOwnWrites(services: TestServices, label: string): Promise<void> {
  const email = `${label}-${randomUUID()}@example.com`;
  await services.db.query(sql.unsafe`INSERT INTO users (email, password_hash) VALUES (${email}, 'x')`);
  const monitorId = randomUUID();
  await services.results.client.insert({
    table: `${services.results.database}.check_results_v1`,
    values: [
      { result_id: randomUUID(), monitor_id: monitorId, region: label, started_at: Date.now(), ok: true },
    ],
    format: 'JSONEachRow',
  });
  await services.redis.set('isolation:marker', label);

  const emails = await services.db.anyFirst(sql.unsafe`SELECT email FROM users`);
  expect(emails).toEqual([email]);
  const rows = await services.results.client.query({
    query: `SELECT region FROM ${services.results.database}.check_results_v1`,
    format: 'JSONEachRow',
  });
  expect(await rows.json()).toEqual([{ region: label }]);
  expect(await services.redis.get('isolation:marker')).toBe(label);
}
