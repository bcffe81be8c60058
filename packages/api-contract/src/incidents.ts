import { z } from 'zod';
import { orgIdParams, orgParams, pageOf, pageQuery, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** Where an incident stands. */
export const incidentStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

/** How bad an incident is. */
export const incidentImpacts = ['none', 'minor', 'major', 'critical'] as const;

/** One update posted on an incident. */
export const incidentUpdateSchema = z.object({
  id: z.uuid(),
  status: z.enum(incidentStatuses),
  message: z.string(),
  createdAt: timestamp,
});

/** An incident as the API shows it; `automatic` ones were opened by a monitor's state. */
export const incidentSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.enum(incidentStatuses),
  impact: z.enum(incidentImpacts),
  automatic: z.boolean(),
  monitorIds: z.array(z.uuid()),
  affectedRegions: z.array(z.string()),
  startedAt: timestamp,
  resolvedAt: timestamp.nullable(),
  /** Time from start to resolution; null while open. */
  durationSeconds: z.int().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** An incident with its updates, oldest first. */
export const incidentDetailSchema = incidentSchema.extend({ updates: z.array(incidentUpdateSchema) });

const title = z.string().trim().min(1).max(200);
const monitorIds = z
  .array(z.uuid())
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, 'Monitor ids must not repeat');
const message = z.string().trim().max(5000);

/** `GET /orgs/{org}/incidents`. */
export const list = endpoint({
  id: 'incidents.list',
  method: 'GET',
  path: '/orgs/{org}/incidents',
  summary: "The organization's incidents, newest first; `status=open` lists every unresolved one",
  tag: 'incidents',
  access: { kind: 'org', action: 'incident:read' },
  params: orgParams,
  query: pageQuery.extend({ status: z.enum([...incidentStatuses, 'open']).optional() }),
  response: pageOf(incidentSchema),
});

/** `POST /orgs/{org}/incidents`. */
export const create = endpoint({
  id: 'incidents.create',
  method: 'POST',
  path: '/orgs/{org}/incidents',
  summary: 'Open a manual incident with its first update',
  tag: 'incidents',
  access: { kind: 'org', action: 'incident:write' },
  params: orgParams,
  body: z.strictObject({
    title,
    impact: z.enum(incidentImpacts).default('minor'),
    monitorIds: monitorIds.default([]),
    status: z.enum(incidentStatuses).default('investigating'),
    message: message.default(''),
  }),
  response: incidentDetailSchema,
  status: 201,
});

/** `GET /orgs/{org}/incidents/{id}`. */
export const get = endpoint({
  id: 'incidents.get',
  method: 'GET',
  path: '/orgs/{org}/incidents/{id}',
  summary: 'One incident with its updates',
  tag: 'incidents',
  access: { kind: 'org', action: 'incident:read' },
  params: orgIdParams,
  response: incidentDetailSchema,
});

/** `PATCH /orgs/{org}/incidents/{id}`. */
export const update = endpoint({
  id: 'incidents.update',
  method: 'PATCH',
  path: '/orgs/{org}/incidents/{id}',
  summary: "Change an incident's title, impact or monitors (its status moves with updates)",
  tag: 'incidents',
  access: { kind: 'org', action: 'incident:write' },
  params: orgIdParams,
  body: z.strictObject({
    title: title.optional(),
    impact: z.enum(incidentImpacts).optional(),
    monitorIds: monitorIds.optional(),
  }),
  response: incidentDetailSchema,
});

/** `DELETE /orgs/{org}/incidents/{id}`. */
export const remove = endpoint({
  id: 'incidents.delete',
  method: 'DELETE',
  path: '/orgs/{org}/incidents/{id}',
  summary: 'Delete an incident and its updates',
  tag: 'incidents',
  access: { kind: 'org', action: 'incident:write' },
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `POST /orgs/{org}/incidents/{id}/updates`. */
export const addUpdate = endpoint({
  id: 'incidents.addUpdate',
  method: 'POST',
  path: '/orgs/{org}/incidents/{id}/updates',
  summary: 'Post an update; `resolved` resolves the incident, any other status reopens it',
  tag: 'incidents',
  access: { kind: 'org', action: 'incident:write' },
  params: orgIdParams,
  body: z.strictObject({ status: z.enum(incidentStatuses), message: message.min(1) }),
  response: incidentDetailSchema,
  status: 201,
});
