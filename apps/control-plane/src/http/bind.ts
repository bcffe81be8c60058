import type Router from '@koa/router';
import { type Access, type Endpoint, pathParameters } from '@vantage/api-contract';
import { findMembershipBySlug, findOrganizationBySlug } from '@vantage/db';
import { can, ServiceError, validationError } from '@vantage/domain';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import { setRouteId } from '../observability/request-log.ts';
import { authenticate, type Credential } from './authenticate.ts';
import { clientAddress } from './client-address.ts';
import type { Actor, BoundHandler, OrgScope } from './handler.ts';
import { consumeRateLimit, type RateLimiters } from './rate-limit.ts';

/** `/orgs/{org}/x/{id}` → `/api/v1/orgs/:org/x/:id` (koa-router syntax). */
export function routerPath(path: string): string {
  return `/api/v1${path.replace(/\{([A-Za-z]+)\}/g, ':$1')}`;
}

/** Registers each handler on the router behind the one request pipeline. */
export function bindHandlers(
  router: Router,
  app: AppContext,
  limiters: RateLimiters,
  handlers: BoundHandler[],
): void {
  for (const bound of handlers) {
    const { endpoint } = bound;
    const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    router[method](routerPath(endpoint.path), async (http) => {
      setRouteId(http, endpoint.id);
      const { actor, credential } = await authenticate(app, http);
      checkOrigin(app, http, credential);
      // Authorise on the raw slug first: a non-member learns nothing, not even that an id is malformed.
      const org = await authorize(app, endpoint.access, actor, http.params as { org?: string });
      const params = parse(endpoint.params, http.params, 'params');
      const query = parse(endpoint.query, http.query, 'query');
      const body = parse(endpoint.body, http.request.body ?? {}, 'body');
      if (endpoint.rateLimit) {
        const email = (body as { email?: unknown }).email;
        const slug = (params as { slug?: unknown }).slug;
        const ip = clientAddress(app, http);
        const key =
          typeof email === 'string' && endpoint.rateLimit === 'login'
            ? `${ip}|${email}`
            : // Status page passwords and subscriptions: per page, so one page's visitors behind the web app do not lock out another's.
              typeof slug === 'string' &&
                (endpoint.rateLimit === 'statusPageAccess' || endpoint.rateLimit === 'subscribe')
              ? `${ip}|${slug}`
              : ip;
        await consumeRateLimit(limiters, endpoint.rateLimit, key);
      }
      const result = await bound.handle({ app, params, query, body, actor, org, http });
      // The handler's DTO converters decide what leaves (typed against the response schema at compile
      // time); re-validating every response would double the cost of large lists.
      http.body = endpoint.response && endpoint.status !== 204 ? result : null;
      // After the body: Koa turns a null body into 204 unless the status is set again.
      http.status = endpoint.status;
    });
  }
}

/** Parses one part of the request; failures name each bad field (`body.email`, `query.limit`). */
function parse(schema: z.ZodType, input: unknown, part: 'params' | 'query' | 'body'): unknown {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const error = validationError(parsed.error, `Invalid ${part}`);
  const details = (error.details as { path: string; message: string }[]).map((issue) => ({
    path: issue.path ? `${part}.${issue.path}` : part,
    message: issue.message,
  }));
  throw new ServiceError('validation', `Invalid ${part}`, details);
}

/** State-changing requests must come from our own origins when a cookie proves who is calling. */
function checkOrigin(app: AppContext, http: Context, credential: Credential): void {
  if (http.method === 'GET' || http.method === 'HEAD' || credential === 'bearer') return;
  const origin = http.get('origin');
  if (origin && !app.config.allowedOrigins.includes(origin)) {
    throw new ServiceError('forbidden', `Origin ${origin} may not make this request`, { reason: 'origin' });
  }
  if (!origin && credential === 'cookie') {
    throw new ServiceError('forbidden', 'Cookie-authenticated requests that change state must send Origin', {
      reason: 'origin',
    });
  }
}

/** Applies the endpoint's access rule; org-scoped endpoints resolve the organization and the caller's role. */
async function authorize(
  app: AppContext,
  access: Access,
  actor: Actor | null,
  params: { org?: string },
): Promise<OrgScope | null> {
  if (access.kind === 'public') return null;
  if (!actor) throw new ServiceError('unauthenticated', 'Sign in or send an API key');
  if (access.kind === 'user' || access.kind === 'operator') {
    if (actor.kind !== 'user')
      throw new ServiceError('forbidden', 'API keys can only use organization endpoints');
    if (access.kind === 'operator' && !actor.user.isOperator) {
      throw new ServiceError('forbidden', 'Only platform operators may do this');
    }
    return null;
  }
  const slug = params.org ?? '';
  const scope = await orgScopeOf(app, actor, slug);
  // Not a member reads exactly like "does not exist": no hint that another tenant's org is there.
  if (!scope) throw new ServiceError('not_found', 'Organization not found');
  if (!can(scope.role, access.action)) {
    throw new ServiceError('forbidden', `The ${scope.role} role may not do this (${access.action})`);
  }
  return scope;
}

async function orgScopeOf(app: AppContext, actor: Actor, slug: string): Promise<OrgScope | null> {
  if (actor.kind === 'user') return findMembershipBySlug(app.db, slug, actor.user.id);
  const organization = await findOrganizationBySlug(app.db, slug);
  return organization && organization.id === actor.orgId ? { organization, role: actor.role } : null;
}

/** Every path parameter the endpoint declares must appear in its path, and the reverse. */
export function assertParamsMatchPath(endpoint: Endpoint): void {
  const shape = (endpoint.params as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const declared = Object.keys(shape).sort();
  const inPath = pathParameters(endpoint.path).sort();
  if (declared.join() !== inPath.join()) {
    throw new Error(`${endpoint.id}: params ${declared.join(',')} do not match path ${endpoint.path}`);
  }
}
