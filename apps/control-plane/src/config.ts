import { z } from 'zod';

const configSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
    CLICKHOUSE_DATA_DIR: z.string().min(1).optional(),
    CLICKHOUSE_DATABASE: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('vantage'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((env) => Boolean(env.CLICKHOUSE_URL) !== Boolean(env.CLICKHOUSE_DATA_DIR), {
    path: ['CLICKHOUSE_URL'],
    message: 'set exactly one of CLICKHOUSE_URL (a server) or CLICKHOUSE_DATA_DIR (embedded chDB)',
  });

/** The control plane's configuration, read once from the environment. */
export interface ControlPlaneConfig {
  host: string;
  port: number;
  databaseUrl: string;
  results: { url: string } | { dataDir: string };
  resultsDatabase: string;
  redisUrl: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
}

/** A configuration value failed validation; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment (the only place the control plane reads it) into a typed config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ControlPlaneConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    host: value.HOST,
    port: value.PORT,
    databaseUrl: value.DATABASE_URL,
    results: value.CLICKHOUSE_URL ? { url: value.CLICKHOUSE_URL } : { dataDir: value.CLICKHOUSE_DATA_DIR! },
    resultsDatabase: value.CLICKHOUSE_DATABASE,
    redisUrl: value.REDIS_URL,
    logLevel: value.LOG_LEVEL,
  };
}
