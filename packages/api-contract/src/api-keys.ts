import { z } from 'zod';
import { orgIdParams, orgParams, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

const apiKeyRoles = ['admin', 'member', 'viewer'] as const;

/** An API key as the API shows it: never its secret, only a prefix to recognise it by. */
export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(apiKeyRoles),
  prefix: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});

/** `POST /orgs/{org}/api-keys`. */
export const create = endpoint({
  id: 'apiKeys.create',
  method: 'POST',
  path: '/orgs/{org}/api-keys',
  summary: 'Create an API key; its secret is shown in this response only',
  tag: 'api-keys',
  access: { kind: 'org', action: 'api_key:manage' },
  params: orgParams,
  body: z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(apiKeyRoles) }),
  response: z.object({ apiKey: apiKeySchema, secret: z.string() }),
});

/** `GET /orgs/{org}/api-keys`. */
export const list = endpoint({
  id: 'apiKeys.list',
  method: 'GET',
  path: '/orgs/{org}/api-keys',
  summary: "The organization's API keys, revoked ones included",
  tag: 'api-keys',
  access: { kind: 'org', action: 'api_key:manage' },
  params: orgParams,
  response: pageOf(apiKeySchema),
});

/** `DELETE /orgs/{org}/api-keys/{id}`. */
export const revoke = endpoint({
  id: 'apiKeys.revoke',
  method: 'DELETE',
  path: '/orgs/{org}/api-keys/{id}',
  summary: 'Revoke an API key; it stops working at once',
  tag: 'api-keys',
  access: { kind: 'org', action: 'api_key:manage' },
  params: orgIdParams,
  response: null,
  status: 204,
});
