/** Which servers the harness uses: the ones named by these variables, or its own when unset. */
export interface HarnessConfig {
  databaseUrl: string | null;
  clickhouseUrl: string | null;
  redisUrl: string | null;
}

/** Reads the harness's environment: the one place in this package that does. */
export function readHarnessConfig(env: NodeJS.ProcessEnv = process.env): HarnessConfig {
  return {
    databaseUrl: env.DATABASE_URL || null,
    clickhouseUrl: env.CLICKHOUSE_URL || null,
    redisUrl: env.REDIS_URL || null,
  };
}
