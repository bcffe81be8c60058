import { z } from 'zod';
import { orgParams, pageOf, pageQuery, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** One recorded write as the API shows it. */
export const auditEntrySchema = z.object({
  id: z.string(),
  actor: z.object({
    type: z.enum(['user', 'api_key', 'operator', 'system']),
    id: z.string().nullable(),
    label: z.string(),
  }),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  diff: z.unknown(),
  createdAt: timestamp,
});

/** `GET /orgs/{org}/audit-log`. */
export const list = endpoint({
  id: 'auditLog.list',
  method: 'GET',
  path: '/orgs/{org}/audit-log',
  summary: 'Recorded writes, newest first, paged by cursor',
  tag: 'audit-log',
  access: { kind: 'org', action: 'audit_log:read' },
  params: orgParams,
  query: pageQuery.extend({
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'Not a cursor')
      .optional(),
  }),
  response: pageOf(auditEntrySchema),
});
