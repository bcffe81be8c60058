import { failureKinds } from '@vantage/domain';
import { z } from 'zod';
import { orgIdParams, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** One check of a monitor from one region, as the API shows it (DESIGN.md §9). */
export const checkResultSchema = z.object({
  monitorId: z.uuid(),
  region: z.string(),
  probeId: z.uuid(),
  startedAt: timestamp,
  ok: z.boolean(),
  failure: z.enum(failureKinds).nullable(),
  statusCode: z.int().nullable(),
  dnsMs: z.int().nullable(),
  connectMs: z.int().nullable(),
  tlsMs: z.int().nullable(),
  ttfbMs: z.int().nullable(),
  totalMs: z.int(),
  resolvedIp: z.string().nullable(),
  tlsExpiresAt: timestamp.nullable(),
  error: z.string().nullable(),
});

/** Filters of the latest-results list: one region (or all) and how many, newest first. */
export const resultsQuery = z.strictObject({
  region: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** A monitor's latest results, newest first. */
export const list = endpoint({
  id: 'results.list',
  method: 'GET',
  path: '/orgs/{org}/monitors/{id}/results',
  summary: "A monitor's latest check results, newest first",
  tag: 'results',
  access: { kind: 'org', action: 'monitor:read' },
  params: orgIdParams,
  query: resultsQuery,
  response: pageOf(checkResultSchema),
});
