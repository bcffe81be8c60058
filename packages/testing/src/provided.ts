/** What the global setup hands to every test file (serialisable). */
export interface ProvidedServices {
  /** Admin URL of the Postgres server (maintenance database). */
  postgresAdminUrl: string;
  /** Migrated database every test database is copied from. */
  templateDatabase: string;
  /** ClickHouse server URL, or null for in-process chDB. */
  clickhouseUrl: string | null;
  redisUrl: string;
  /** True when Redis is our own server, so each file may take a database number of its own. */
  redisOwned: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    vantageServices: ProvidedServices;
  }
}

/** Builds the URL of another database on the same server. */
export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
