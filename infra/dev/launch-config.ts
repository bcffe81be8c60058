import { resolve } from 'node:path';
import { z } from 'zod';

const portSchema = z.coerce.number().int().min(1).max(65535);

const launchSchema = z.object({
  VANTAGE_DATA_DIR: z.string().min(1).default('.vantage'),
  VANTAGE_WEB_PORT: portSchema.default(3000),
  VANTAGE_DEMO: z.enum(['true', 'false']).default('true'),
  VANTAGE_DEMO_PORT: portSchema.default(4080),
  VANTAGE_API_PORT: portSchema.default(4000),
  VANTAGE_GRPC_PORT: portSchema.default(4001),
  VANTAGE_MAILBOX_PORT: portSchema.default(4025),
  VANTAGE_SMTP_PORT: portSchema.default(2525),
  VANTAGE_POSTGRES_PORT: portSchema.default(54329),
  VANTAGE_REDIS_PORT: portSchema.default(63799),
});

/** What the launcher needs to know; everything else has an embedded default. */
export interface LaunchConfig {
  dataDir: string;
  webPort: number;
  /** Start the demo: a target with scheduled failures, accounts, monitors and a status page. */
  demo: boolean;
  /** The demo target's HTTP port (HTTPS on the next one). */
  demoPort: number;
  apiPort: number;
  grpcPort: number;
  mailboxPort: number;
  smtpPort: number;
  postgresPort: number;
  redisPort: number;
  /** Variables handed to the control plane unchanged (its own config.ts validates them). */
  passThrough: Record<string, string>;
}

/** Variables the launcher passes through to the apps when they are set. */
export const passThroughVariables = [
  'LOG_LEVEL',
  'VANTAGE_EDITION',
  'ALLOW_PRIVATE_TARGETS',
  'VANTAGE_OPERATORS',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'WEB_URL',
  'APP_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_PRICE_PRO_MONTHLY',
  'STRIPE_PRICE_PRO_YEARLY',
  'STRIPE_PRICE_BUSINESS_MONTHLY',
  'STRIPE_PRICE_BUSINESS_YEARLY',
  'STRIPE_API_BASE',
] as const;

/** Reads the launcher's environment (the only place it does). */
export function loadLaunchConfig(root: string, env: NodeJS.ProcessEnv = process.env): LaunchConfig {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = launchSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const passThrough: Record<string, string> = {};
  for (const name of passThroughVariables) if (set[name]) passThrough[name] = set[name];
  return {
    dataDir: resolve(root, parsed.data.VANTAGE_DATA_DIR),
    webPort: parsed.data.VANTAGE_WEB_PORT,
    demo: parsed.data.VANTAGE_DEMO === 'true',
    demoPort: parsed.data.VANTAGE_DEMO_PORT,
    apiPort: parsed.data.VANTAGE_API_PORT,
    grpcPort: parsed.data.VANTAGE_GRPC_PORT,
    mailboxPort: parsed.data.VANTAGE_MAILBOX_PORT,
    smtpPort: parsed.data.VANTAGE_SMTP_PORT,
    postgresPort: parsed.data.VANTAGE_POSTGRES_PORT,
    redisPort: parsed.data.VANTAGE_REDIS_PORT,
    passThrough,
  };
}
