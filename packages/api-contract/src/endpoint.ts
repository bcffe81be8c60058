import type { Action } from '@vantage/domain';
import { z } from 'zod';

/** Who may call an endpoint. */
export type Access =
  | { kind: 'public' }
  /** Any signed-in user (session cookie); API keys are org-scoped and do not qualify. */
  | { kind: 'user' }
  /** A member of the `{org}` in the path (or an API key of that org) whose role allows `action`. */
  | { kind: 'org'; action: Action }
  /** A platform operator (session cookie). */
  | { kind: 'operator' };

/** Rate-limited flows (DESIGN.md §8); the limits themselves are control-plane configuration. */
export type RateLimitRule =
  | 'login'
  | 'register'
  | 'passwordReset'
  | 'invitationAccept'
  | 'statusPageAccess'
  | 'subscribe';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One REST endpoint: the contract shared by the control plane (validation), web app and OpenAPI. */
export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  id: string;
  method: HttpMethod;
  /** Path under /api/v1 in OpenAPI form: `/orgs/{org}/monitors/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params: P;
  query: Q;
  body: B;
  /** Response body of a success; `null` for 204 No Content. */
  response: R | null;
  status: 200 | 201 | 202 | 204;
  rateLimit?: RateLimitRule;
}

/** Input of `endpoint()`: optional schemas default to "nothing accepted". */
export interface EndpointInput<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  id: string;
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R | null;
  status?: 200 | 201 | 202 | 204;
  rateLimit?: RateLimitRule;
}

const nothing = z.strictObject({});
type Nothing = typeof nothing;

/** Declares an endpoint; schemas left out accept nothing (strict empty objects). */
export function endpoint<
  P extends z.ZodType = Nothing,
  Q extends z.ZodType = Nothing,
  B extends z.ZodType = Nothing,
  R extends z.ZodType = z.ZodType,
>(input: EndpointInput<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return {
    ...input,
    params: input.params ?? (nothing as z.ZodType as P),
    query: input.query ?? (nothing as z.ZodType as Q),
    body: input.body ?? (nothing as z.ZodType as B),
    status: input.status ?? (input.method === 'POST' ? 201 : 200),
  };
}

/** The path parameters an endpoint's path names, in order (`/orgs/{org}/x/{id}` → org, id). */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]!);
}
