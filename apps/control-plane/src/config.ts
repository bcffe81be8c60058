import { hkdfSync } from 'node:crypto';
import { z } from 'zod';

const rateRule = z
  .string()
  .regex(/^\d+\/\d+$/, 'use "count/seconds", for example 10/900')
  .transform((value) => {
    const [points, seconds] = value.split('/').map(Number) as [number, number];
    return { points, durationSeconds: seconds };
  });

const booleanString = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The parts of the control plane one process can run (VANTAGE_ROLES); every part by default. */
export const controlPlaneRoles = ['api', 'grpc', 'worker'] as const;

/** One part of the control plane: `api` REST, `grpc` probe streams and ingest, `worker` sweeps and deliveries. */
export type ControlPlaneRole = (typeof controlPlaneRoles)[number];

const rolesList = z
  .string()
  .transform((value) => [
    ...new Set(
      value
        .split(',')
        .map((role) => role.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.enum(controlPlaneRoles, `each role must be one of ${controlPlaneRoles.join(', ')}`))
      .min(1, 'name at least one role'),
  );

const configSchema = z
  .object({
    VANTAGE_ROLES: rolesList.prefault(controlPlaneRoles.join(',')),
    METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
    CLICKHOUSE_DATA_DIR: z.string().min(1).optional(),
    CLICKHOUSE_SCHEMA: z.enum(['single', 'cluster']).default('single'),
    CLICKHOUSE_DATABASE: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('vantage'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]*$/)
      .default('vantage:'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000'),
    WEB_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
    VANTAGE_EDITION: z.enum(['self-hosted', 'hosted']).default('self-hosted'),
    ALLOW_PRIVATE_TARGETS: booleanString.optional(),
    VANTAGE_OPERATORS: z.string().default(''),
    TRUSTED_PROXIES: z
      .string()
      .default('127.0.0.1,::1,::ffff:127.0.0.1')
      .transform((value) =>
        value
          .split(',')
          .map((address) => address.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.union([z.ipv4(), z.ipv6()], 'must be a comma-separated list of IP addresses'))),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(24 * 30),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: z.string().min(3).default('Vantage <no-reply@vantage.local>'),
    APP_KEY: z
      .string()
      .refine(
        (value) => Buffer.from(value, 'base64').length === 32,
        'must be 32 random bytes, base64 encoded',
      )
      .optional(),
    PAGERDUTY_EVENTS_URL: z.url({ protocol: /^https?$/ }).default('https://events.pagerduty.com/v2/enqueue'),
    GRPC_HOST: z.string().min(1).default('127.0.0.1'),
    GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
    GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
    GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
    RATE_LIMIT_LOGIN: rateRule.prefault('10/900'),
    RATE_LIMIT_REGISTER: rateRule.prefault('10/3600'),
    RATE_LIMIT_PASSWORD_RESET: rateRule.prefault('5/3600'),
    RATE_LIMIT_INVITATION_ACCEPT: rateRule.prefault('20/900'),
    RATE_LIMIT_STATUS_PAGE_ACCESS: rateRule.prefault('20/900'),
    RATE_LIMIT_SUBSCRIBE: rateRule.prefault('10/900'),
    STRIPE_SECRET_KEY: z.string().min(1).optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
    STRIPE_PRICE_PRO_MONTHLY: z.string().min(1).optional(),
    STRIPE_PRICE_PRO_YEARLY: z.string().min(1).optional(),
    STRIPE_PRICE_BUSINESS_MONTHLY: z.string().min(1).optional(),
    STRIPE_PRICE_BUSINESS_YEARLY: z.string().min(1).optional(),
    STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine(billingAllOrNone)
  .refine((env) => env.VANTAGE_EDITION !== 'hosted' || Boolean(env.APP_KEY), {
    path: ['APP_KEY'],
    message: 'the hosted edition needs APP_KEY (32 random bytes, base64) to encrypt alert-channel secrets',
  })
  .refine((env) => Boolean(env.GRPC_TLS_CERT_FILE) === Boolean(env.GRPC_TLS_KEY_FILE), {
    path: ['GRPC_TLS_CERT_FILE'],
    message: 'set both GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE, or neither',
  })
  .refine((env) => isLoopback(env.GRPC_HOST) || Boolean(env.GRPC_TLS_CERT_FILE), {
    path: ['GRPC_HOST'],
    message: 'probes outside loopback must use TLS: set GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE',
  })
  .refine((env) => env.CLICKHOUSE_SCHEMA === 'single' || Boolean(env.CLICKHOUSE_URL), {
    path: ['CLICKHOUSE_SCHEMA'],
    message: 'the cluster schema needs a ClickHouse cluster: set CLICKHOUSE_URL',
  })
  .refine((env) => Boolean(env.CLICKHOUSE_URL) !== Boolean(env.CLICKHOUSE_DATA_DIR), {
    path: ['CLICKHOUSE_URL'],
    message: 'set exactly one of CLICKHOUSE_URL (a server) or CLICKHOUSE_DATA_DIR (embedded chDB)',
  });

type Env = z.infer<typeof configSchema>;

/** The variables that switch billing on: all of them, or none (self-hosted, no billing). */
const billingVariables = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_PRICE_PRO_MONTHLY',
  'STRIPE_PRICE_PRO_YEARLY',
  'STRIPE_PRICE_BUSINESS_MONTHLY',
  'STRIPE_PRICE_BUSINESS_YEARLY',
] as const;

function billingAllOrNone(
  env: Partial<Record<(typeof billingVariables)[number], string>>,
  ctx: z.RefinementCtx,
) {
  const missing = billingVariables.filter((name) => !env[name]);
  if (missing.length === billingVariables.length) return;
  for (const name of missing) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `billing needs every STRIPE_* variable (${billingVariables.join(', ')}), or none of them`,
    });
  }
  const prices = billingVariables.slice(2).map((name) => env[name]);
  if (missing.length === 0 && new Set(prices).size !== prices.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['STRIPE_PRICE_PRO_MONTHLY'],
      message: 'each plan and interval needs its own price id',
    });
  }
}

/** Stripe settings; present only when billing is configured. */
export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  /** The Stripe price id of each paid plan and billing interval. */
  prices: { pro: { month: string; year: string }; business: { month: string; year: string } };
  /** Where the Stripe API is (a local fake in tests); null for api.stripe.com. */
  apiBase: URL | null;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** A rate limit: `points` requests per `durationSeconds`. */
export type RateLimit = Env['RATE_LIMIT_LOGIN'];

/** The control plane's configuration, read once from the environment. */
export interface ControlPlaneConfig {
  /** What this process runs (VANTAGE_ROLES): any of api, grpc, worker; all three by default. */
  roles: ControlPlaneRole[];
  /** Bearer token `/metrics` requires from every scraper; null = only direct loopback requests may read it. */
  metricsToken: string | null;
  host: string;
  port: number;
  databaseUrl: string;
  results: { url: string } | { dataDir: string };
  resultsDatabase: string;
  /** Schema files applied at start-up: single node (and chDB) or a Replicated + Distributed cluster. */
  resultsSchema: 'single' | 'cluster';
  redisUrl: string;
  /** Prefix of every Redis key, channel and queue this instance uses. */
  redisKeyPrefix: string;
  logLevel: Env['LOG_LEVEL'];
  publicUrl: string;
  webUrl: string;
  /** Origins whose cookie requests may change state (DESIGN.md §8). */
  allowedOrigins: string[];
  /** Peers (the web app) whose X-Forwarded-For names the visitor, for rate limits and session records. */
  trustedProxies: string[];
  /** Session cookies are Secure unless the API is served over plain http. */
  secureCookies: boolean;
  edition: Env['VANTAGE_EDITION'];
  /** Whether monitors may target private addresses (default: true self-hosted, false hosted). */
  allowPrivateTargets: boolean;
  /** Emails that are platform operators whenever they register or sign in. */
  operatorEmails: string[];
  sessionTtlHours: number;
  /** SMTP server for outgoing mail; null logs mail instead of sending it. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Key that encrypts secrets at rest (alert-channel secrets). */
  appKey: Buffer;
  /** True when APP_KEY was not set and the key was derived from DATABASE_URL (self-hosted only). */
  appKeyDerived: boolean;
  /** PagerDuty Events v2 endpoint (overridable for tests and proxies). */
  pagerDutyEventsUrl: string;
  /** Where probes connect (gRPC); TLS files are required outside loopback. */
  grpc: { host: string; port: number; tls: { certFile: string; keyFile: string } | null };
  rateLimits: {
    login: RateLimit;
    register: RateLimit;
    passwordReset: RateLimit;
    invitationAccept: RateLimit;
    /** Password attempts on a protected status page, per client address and page. */
    statusPageAccess: RateLimit;
    /** Status page subscriptions (email and webhook), per client address and page. */
    subscribe: RateLimit;
  };
  /** Stripe billing; null when it is not configured (self-hosted: no billing, no billing routes). */
  billing: BillingConfig | null;
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
    roles: value.VANTAGE_ROLES,
    metricsToken: value.METRICS_TOKEN ?? null,
    host: value.HOST,
    port: value.PORT,
    databaseUrl: value.DATABASE_URL,
    results: value.CLICKHOUSE_URL ? { url: value.CLICKHOUSE_URL } : { dataDir: value.CLICKHOUSE_DATA_DIR! },
    resultsDatabase: value.CLICKHOUSE_DATABASE,
    resultsSchema: value.CLICKHOUSE_SCHEMA,
    redisUrl: value.REDIS_URL,
    redisKeyPrefix: value.REDIS_KEY_PREFIX,
    logLevel: value.LOG_LEVEL,
    publicUrl: value.PUBLIC_URL,
    webUrl: value.WEB_URL,
    allowedOrigins: [...new Set([new URL(value.PUBLIC_URL).origin, new URL(value.WEB_URL).origin])],
    trustedProxies: value.TRUSTED_PROXIES,
    secureCookies: new URL(value.PUBLIC_URL).protocol === 'https:',
    edition: value.VANTAGE_EDITION,
    allowPrivateTargets: value.ALLOW_PRIVATE_TARGETS ?? value.VANTAGE_EDITION === 'self-hosted',
    operatorEmails: value.VANTAGE_OPERATORS.split(',')
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
    sessionTtlHours: value.SESSION_TTL_HOURS,
    smtpUrl: value.SMTP_URL ?? null,
    mailFrom: value.MAIL_FROM,
    appKey: value.APP_KEY
      ? Buffer.from(value.APP_KEY, 'base64')
      : Buffer.from(hkdfSync('sha256', value.DATABASE_URL, 'vantage', 'app-key', 32)),
    appKeyDerived: !value.APP_KEY,
    pagerDutyEventsUrl: value.PAGERDUTY_EVENTS_URL,
    grpc: {
      host: value.GRPC_HOST,
      port: value.GRPC_PORT,
      tls:
        value.GRPC_TLS_CERT_FILE && value.GRPC_TLS_KEY_FILE
          ? { certFile: value.GRPC_TLS_CERT_FILE, keyFile: value.GRPC_TLS_KEY_FILE }
          : null,
    },
    rateLimits: {
      login: value.RATE_LIMIT_LOGIN,
      register: value.RATE_LIMIT_REGISTER,
      passwordReset: value.RATE_LIMIT_PASSWORD_RESET,
      invitationAccept: value.RATE_LIMIT_INVITATION_ACCEPT,
      statusPageAccess: value.RATE_LIMIT_STATUS_PAGE_ACCESS,
      subscribe: value.RATE_LIMIT_SUBSCRIBE,
    },
    billing: billingConfigOf(value),
  };
}

function billingConfigOf(value: Env): BillingConfig | null {
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret } = value;
  if (!secretKey || !webhookSecret) return null;
  return {
    secretKey,
    webhookSecret,
    prices: {
      pro: { month: value.STRIPE_PRICE_PRO_MONTHLY!, year: value.STRIPE_PRICE_PRO_YEARLY! },
      business: { month: value.STRIPE_PRICE_BUSINESS_MONTHLY!, year: value.STRIPE_PRICE_BUSINESS_YEARLY! },
    },
    apiBase: value.STRIPE_API_BASE ? new URL(value.STRIPE_API_BASE) : null,
  };
}
