import { createPool, type DatabasePool, type Interceptor, SchemaValidationError } from 'slonik';

export type { DatabasePool };

/** Options of the Postgres pool. */
export interface DatabasePoolOptions {
  maximumPoolSize?: number;
  connectionTimeoutMs?: number;
}

/** Checks every row of a `sql.type(schema)` query against its schema (slonik leaves that to an interceptor). */
const resultParser: Interceptor = {
  name: 'result-parser',
  transformRow(context, query, row) {
    const parser = context.resultParser;
    if (!parser) return row;
    const result = parser['~standard'].validate(row);
    if (result instanceof Promise) throw new Error('asynchronous row schemas are not supported');
    if (result.issues) throw new SchemaValidationError(query, row, result.issues);
    return result.value as typeof row;
  },
};

/** Opens a slonik pool on a Postgres URL; the caller ends it with `pool.end()`. */
export function createDatabasePool(
  databaseUrl: string,
  options: DatabasePoolOptions = {},
): Promise<DatabasePool> {
  return createPool(databaseUrl, {
    maxPoolSize: options.maximumPoolSize ?? 10,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    idleTimeout: 60_000,
    captureStackTrace: false,
    // Slonik's default runs DISCARD ALL after every pooled query, doubling round trips. Nothing here
    // changes session state outside a transaction, so a released connection needs no reset.
    resetConnection: async () => {},
    interceptors: [resultParser],
  });
}
