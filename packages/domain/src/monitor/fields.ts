import * as z from 'zod';
import { parseHostLiteral, toAsciiHost } from '../ip-rules.ts';

/** Pattern of a region id such as `eu-west` or `us-east-1`. */
export const regionIdPattern = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

const labelPattern = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * Canonical form of a target host: an IP literal becomes its canonical address (no brackets),
 * a hostname becomes lower-case ASCII (punycode) without a trailing dot; null when invalid.
 */
export function normalizeHost(input: string): string | null {
  const literal = parseHostLiteral(input);
  if (literal !== null) return literal;
  const ascii = toAsciiHost(input);
  if (ascii === null) return null;
  const host = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  if (host.length === 0 || host.length > 253) return null;
  return host.split('.').every((label) => labelPattern.test(label)) ? host : null;
}

/** Unique-items check used by every id and tag list. */
function unique<T extends z.ZodType<string>>(item: T, what: string) {
  return z.array(item).refine((values) => new Set(values).size === values.length, {
    message: `${what} must not repeat`,
  });
}

/** Fields whose schemas are shared by several monitor kinds (no defaults here; kinds add them). */
export const fields = {
  name: z.string().trim().min(1).max(200),
  intervalSeconds: z.int().min(1).max(86_400),
  timeoutMs: z.int().min(100).max(60_000),
  regions: unique(z.string().regex(regionIdPattern, 'Invalid region id'), 'Regions').max(50),
  threshold: z.int().min(1).max(10),
  quorum: z.int().min(1).nullable(),
  alertChannelIds: unique(z.uuid(), 'Alert channel ids').max(50),
  tags: unique(z.string().trim().min(1).max(50), 'Tags').max(20),
  port: z.int().min(1).max(65_535),
  host: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .transform((value, ctx) => {
      const host = normalizeHost(value);
      if (host !== null) return host;
      ctx.issues.push({ code: 'custom', input: value, message: 'Must be a hostname or an IP address' });
      return z.NEVER;
    }),
};

/** Common fields of every monitor kind, with their defaults. */
export const commonShape = {
  name: fields.name,
  alertChannelIds: fields.alertChannelIds.default([]),
  tags: fields.tags.default([]),
};

/** Fields of kinds that probes run on a schedule from regions (every kind but heartbeat). */
export const probedShape = {
  ...commonShape,
  intervalSeconds: fields.intervalSeconds.default(60),
  timeoutMs: fields.timeoutMs.default(10_000),
  regions: fields.regions.min(1, 'Pick at least one region'),
  failureThreshold: fields.threshold.default(2),
  recoveryThreshold: fields.threshold.default(2),
  quorum: fields.quorum.default(null),
};

/** The parsed values `checkProbed` looks at. */
type ProbedValues = { intervalSeconds: number; timeoutMs: number; regions: string[]; quorum: number | null };

/** Cross-field rules shared by probed kinds: timeout below interval, quorum within the regions. */
export function checkProbed(value: ProbedValues, ctx: z.RefinementCtx): void {
  if (value.timeoutMs >= value.intervalSeconds * 1000) {
    ctx.addIssue({
      code: 'custom',
      path: ['timeoutMs'],
      message: `Timeout must be shorter than the interval (${value.intervalSeconds * 1000} ms)`,
    });
  }
  if (value.quorum !== null && value.quorum > value.regions.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['quorum'],
      message: `Quorum cannot exceed the number of regions (${value.regions.length})`,
    });
  }
}
