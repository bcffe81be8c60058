import { incidentEndpoints, monitorEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

/** Open incidents first (every one), then the latest resolved ones, with monitor names. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const org = params.org;
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const [open, recent, monitors] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(incidentEndpoints.list, { params: { org }, query: { status: 'open', limit: 200 } }),
      locals.api.call(incidentEndpoints.list, {
        params: { org },
        query: { status: 'resolved', limit: 50, cursor },
      }),
      locals.api.call(monitorEndpoints.list, { params: { org }, query: { limit: 200 } }),
    ]),
  );
  return {
    open: open.items,
    resolved: recent.items,
    nextCursor: recent.nextCursor,
    olderPage: cursor !== undefined,
    monitorNames: Object.fromEntries(monitors.items.map((monitor) => [monitor.id, monitor.name])),
  };
};
