import { auditLogEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

const pageSize = 50;

/** One page of the audit log, newest first; `?cursor=` pages back in time. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const page = await loadFrom(url, () =>
    locals.api.call(auditLogEndpoints.list, {
      params: { org: params.org },
      query: { cursor, limit: pageSize },
    }),
  );
  return { entries: page.items, nextCursor: page.nextCursor, paged: cursor !== undefined };
};
