import { statusPageEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

/** The organization's status pages. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const pages = await loadFrom(url, () =>
    locals.api.call(statusPageEndpoints.list, { params: { org: params.org } }),
  );
  return { pages: pages.items };
};
