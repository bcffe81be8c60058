import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';

type ChdbAsClient = NonNullable<Parameters<typeof createClient>[0]>['connection'];

/** Where results live: a ClickHouse server URL, or a chDB data directory owned by this process. */
export type ResultsConnection = { url: string } | { dataDir: string };

/** A ClickHouse client together with the database Vantage's tables live in. */
export interface ResultsStore {
  client: ClickHouseClient;
  database: string;
}

const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Opens ClickHouse (server or embedded chDB, one interface) and ensures the database exists. */
export async function openResultsStore(
  connection: ResultsConnection,
  database: string,
): Promise<ResultsStore> {
  if (!identifierPattern.test(database)) throw new Error(`invalid ClickHouse database name: ${database}`);
  const client =
    'url' in connection
      ? createClient({ url: connection.url, request_timeout: 30_000 })
      : // chdb types its connection against its own copy of @clickhouse/client-common; same shape at run time.
        createClient({
          connection: createChdbConnection({ path: connection.dataDir }) as unknown as ChdbAsClient,
        });
  await client.command({
    query: 'CREATE DATABASE IF NOT EXISTS {database:Identifier}',
    query_params: { database },
  });
  return { client, database };
}

/** True when ClickHouse answers a query. */
export async function pingResults(store: ResultsStore): Promise<boolean> {
  const result = await store.client.ping();
  return result.success;
}
