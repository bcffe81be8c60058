import type { Endpoint } from '@vantage/api-contract';
import type { OrganizationRecord, UserRecord } from '@vantage/db';
import type { Role } from '@vantage/domain';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';

/** Who is calling: a signed-in user (session cookie) or an organization's API key. */
export type Actor =
  | { kind: 'user'; user: UserRecord; sessionId: string }
  | { kind: 'api_key'; apiKeyId: string; name: string; orgId: string; role: Role };

/** The organization of an org-scoped request and the caller's role in it. */
export interface OrgScope {
  organization: OrganizationRecord;
  role: Role;
}

/** What a handler receives: validated input, the caller, and the Koa context for cookies and headers. */
export interface Request<P, Q, B> {
  app: AppContext;
  params: P;
  query: Q;
  body: B;
  actor: Actor | null;
  org: OrgScope | null;
  http: Context;
}

/** An endpoint of the contract bound to the function that serves it. */
export interface BoundHandler {
  endpoint: Endpoint;
  handle(request: Request<unknown, unknown, unknown>): Promise<unknown>;
}

type Output<T> = T extends z.ZodType ? z.output<T> : never;
type ResponseOf<R> = R extends z.ZodType ? z.input<R> : undefined;

/** Binds a handler to its endpoint; input types come from the endpoint's schemas. */
export function handler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  endpoint: Endpoint<P, Q, B, R>,
  handle: (request: Request<Output<P>, Output<Q>, Output<B>>) => Promise<ResponseOf<R> | undefined>,
): BoundHandler {
  return { endpoint: endpoint as unknown as Endpoint, handle: handle as BoundHandler['handle'] };
}

/** The actor of a request whose endpoint requires one (the pipeline guarantees it). */
export function requireActor(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw new Error('endpoint requires an actor but none was resolved');
  return request.actor;
}

/** The user of a request whose endpoint requires a signed-in user. */
export function requireUser(request: { actor: Actor | null }): UserRecord {
  const actor = requireActor(request);
  if (actor.kind !== 'user') throw new Error('endpoint requires a user but the actor is an API key');
  return actor.user;
}

/** The organization scope of an org-scoped request. */
export function requireOrg(request: { org: OrgScope | null }): OrgScope {
  if (!request.org) throw new Error('endpoint is org-scoped but no organization was resolved');
  return request.org;
}
