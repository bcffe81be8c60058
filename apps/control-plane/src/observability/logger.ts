import { type DestinationStream, type Logger, pino } from 'pino';
import type { ControlPlaneConfig } from '../config.ts';

/** Field names whose values never reach a log line, at the top level and two levels down. */
export const secretFields = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'secret',
  'apiKey',
  'webhookSecret',
] as const;

function redactPaths(): string[] {
  return secretFields.flatMap((field) => {
    const segment = /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`;
    return [segment.startsWith('.') ? field : segment, `*${segment}`, `*.*${segment}`];
  });
}

/** The control plane's JSON logger (stdout unless a destination is given), with secret fields scrubbed. */
export function createLogger(
  config: Pick<ControlPlaneConfig, 'logLevel' | 'roles'>,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'control-plane', roles: config.roles.join(',') },
    redact: { paths: redactPaths(), censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
