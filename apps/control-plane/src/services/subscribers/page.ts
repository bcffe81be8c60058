import { statusPageEndpoints } from '@vantage/api-contract';
import {
  findPublicStatusPage,
  listStatusPageComponents,
  type PublicStatusPageRecord,
  type Queryable,
  type StatusPageComponentRecord,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import type { AppContext } from '../../context.ts';
import type { Request } from '../../http/handler.ts';
import { verifyAccessToken } from '../status-pages/access-token.ts';

/**
 * The page a visitor subscribes to, by slug. A protected page needs the visitor's access token (its
 * incidents are not public), like reading it: 401 password_required otherwise.
 */
export async function subscribablePage(
  request: Pick<Request<{ slug: string }, unknown, unknown>, 'app' | 'params' | 'http'>,
): Promise<PublicStatusPageRecord> {
  const { app } = request;
  const page = await findPublicStatusPage(app.db, { slug: request.params.slug.toLowerCase() });
  if (!page) throw new ServiceError('not_found', 'No such status page');
  const token = request.http.get(statusPageEndpoints.accessTokenHeader);
  if (page.passwordHash !== null && !verifyAccessToken(app.config.appKey, page, token, new Date())) {
    throw new ServiceError('password_required', 'This status page is protected by a password', {
      slug: page.slug,
      title: page.title,
    });
  }
  return page;
}

/** Refuses (400 on body.componentIds) ids that are not components of the page. */
export async function vetComponentIds(
  db: Queryable,
  page: { orgId: string; id: string },
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const known = new Set((await listStatusPageComponents(db, page.orgId, page.id)).map((c) => c.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ServiceError('validation', 'Unknown components', [
      { path: 'body.componentIds', message: `Not a component of this page: ${unknown.join(', ')}` },
    ]);
  }
}

/** The named components among `ids`, in page order (ids of deleted components are left out). */
export function namedComponents(
  components: readonly StatusPageComponentRecord[],
  ids: readonly string[],
): { id: string; name: string }[] {
  const wanted = new Set(ids);
  return components.filter((c) => wanted.has(c.id)).map((c) => ({ id: c.id, name: c.name }));
}

/** The components a subscriber follows, by name; empty = every component. */
export async function followedComponents(
  app: AppContext,
  page: { orgId: string; id: string },
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return namedComponents(await listStatusPageComponents(app.db, page.orgId, page.id), ids);
}
