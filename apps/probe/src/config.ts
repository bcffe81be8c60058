import { parseArgs } from 'node:util';
import { classifyAddress, regionIdPattern } from '@vantage/domain';
import * as z from 'zod';

/** Where the control plane's gRPC port is and whether the channel uses TLS. */
export interface ControlPlaneTarget {
  /** `host:port` as gRPC expects it (IPv6 hosts in brackets). */
  address: string;
  tls: boolean;
}

/** Everything the probe needs to start, from flags or the environment. */
export interface ProbeConfig {
  controlPlane: ControlPlaneTarget;
  token: string;
  /** Region the operator expects this probe to serve; the control plane decides from the token. */
  region: string | null;
  concurrency: number;
  bufferMaxResults: number;
  bufferMaxBytes: number;
  /** Port of the /healthz and /metrics server; null = no server (the default). 0 picks a free port. */
  metricsPort: number | null;
  /** Address that server binds; loopback unless the operator opens it. */
  metricsHost: string;
  /** Where a stopping probe saves unacknowledged results for the next start (upgrades); null = nowhere. */
  stateDir: string | null;
}

/** An invalid configuration; the message is one line naming the flag and its variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Flag name, environment variable and config key of each setting.
const settings = [
  { flag: 'control-plane', env: 'VANTAGE_CONTROL_PLANE_URL', key: 'controlPlane' },
  { flag: 'token', env: 'VANTAGE_PROBE_TOKEN', key: 'token' },
  { flag: 'region', env: 'VANTAGE_REGION', key: 'region' },
  { flag: 'concurrency', env: 'VANTAGE_PROBE_CONCURRENCY', key: 'concurrency' },
  { flag: 'buffer-max-results', env: 'VANTAGE_PROBE_BUFFER_MAX_RESULTS', key: 'bufferMaxResults' },
  { flag: 'buffer-max-bytes', env: 'VANTAGE_PROBE_BUFFER_MAX_BYTES', key: 'bufferMaxBytes' },
  { flag: 'metrics-port', env: 'VANTAGE_PROBE_METRICS_PORT', key: 'metricsPort' },
  { flag: 'metrics-host', env: 'VANTAGE_PROBE_METRICS_HOST', key: 'metricsHost' },
  { flag: 'state-dir', env: 'VANTAGE_PROBE_STATE_DIR', key: 'stateDir' },
] as const;

/** Parse `host:port` or `http(s)://host:port`: TLS for https and any non-loopback host. */
export function parseControlPlaneTarget(input: string): ControlPlaneTarget | string {
  const schemeMatch = /^([a-z]+):\/\//i.exec(input);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? null;
  if (scheme !== null && scheme !== 'http' && scheme !== 'https') return 'use host:port, http:// or https://';
  const url = URL.parse(scheme === null ? `grpc://${input}` : input);
  if (url === null || url.hostname === '' || (url.pathname !== '' && url.pathname !== '/')) {
    return 'expected host:port or http(s)://host:port';
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return 'expected host:port or http(s)://host:port';
  }
  const port = url.port !== '' ? url.port : scheme === 'https' ? '443' : null;
  if (port === null) return 'a port is required (host:port)';
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = hostname === 'localhost' || classifyAddress(hostname) === 'loopback';
  // Plain text only where the token cannot leave the machine.
  if (scheme === 'http' && !loopback) return 'http:// is only allowed for loopback; use https://';
  return { address: `${url.hostname}:${port}`, tls: scheme === 'https' || !loopback };
}

const count = (max: number) => z.coerce.number().int().min(1).max(max);

const configSchema = z.strictObject({
  controlPlane: z.string().transform((value, ctx) => {
    const target = parseControlPlaneTarget(value.trim());
    if (typeof target !== 'string') return target;
    ctx.issues.push({ code: 'custom', input: value, message: target });
    return z.NEVER;
  }),
  token: z.string().regex(/^\S+$/, 'must be a non-empty token without spaces'),
  region: z.string().regex(regionIdPattern, 'must be a region id such as eu-west').nullable().default(null),
  concurrency: count(10_000).default(500),
  bufferMaxResults: count(10_000_000).default(200_000),
  bufferMaxBytes: count(4 * 1024 ** 3).default(64 * 1024 * 1024),
  metricsPort: z.coerce.number().int().min(0).max(65535).nullable().default(null),
  metricsHost: z
    .string()
    .regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or IP address')
    .default('127.0.0.1'),
  stateDir: z.string().min(1).nullable().default(null),
});

/** Build the probe's configuration from command-line flags, falling back to environment variables. */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(settings.map(({ flag }) => [flag, { type: 'string' as const }]));
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigError((error as Error).message.split('\n')[0]);
  }
  const raw: Record<string, string> = {};
  for (const { flag, env: variable, key } of settings) {
    const value = values[flag] ?? env[variable];
    if (typeof value === 'string' && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data satisfies ProbeConfig;
  const issue = parsed.error.issues[0]!;
  const setting = settings.find(({ key }) => key === issue.path[0]);
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new ConfigError(`--${setting?.flag} (${setting?.env}): ${message}`);
}

/** The probe's configuration from this process's arguments and environment (the only reader of both). */
export function readConfig(): ProbeConfig {
  return parseConfig(process.argv.slice(2), process.env);
}
