import { createPool, type DatabasePool } from 'slonik';

export type { DatabasePool };

/** Options of the Postgres pool. */
export interface DatabasePoolOptions {
  maximumPoolSize?: number;
  connectionTimeoutMs?: number;
}

/** Opens a slonik pool on a Postgres URL; the caller ends it with `pool.end()`. */
export function createDatabasePool(
  databaseUrl: string,
  options: DatabasePoolOptions = {},
): Promise<DatabasePool> {
  return createPool(databaseUrl, {
    maximumPoolSize: options.maximumPoolSize ?? 10,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    captureStackTrace: false,
  });
}
