import { monitorEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const monitors = await loadFrom(url, () =>
    locals.api.call(monitorEndpoints.list, { params: { org: params.org }, query: { limit: 200 } }),
  );
  return { monitors: monitors.items };
};
