import { maintenanceWindowEndpoints, monitorEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

/** Every window with its next occurrence, and monitor names. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const org = params.org;
  const [windows, monitors] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(maintenanceWindowEndpoints.list, { params: { org } }),
      locals.api.call(monitorEndpoints.list, { params: { org }, query: { limit: 200 } }),
    ]),
  );
  const next = await loadFrom(url, () =>
    Promise.all(
      windows.items.map((mw) =>
        locals.api
          .call(maintenanceWindowEndpoints.occurrences, { params: { org, id: mw.id }, query: { count: 1 } })
          .then((answer) => answer.items[0] ?? null),
      ),
    ),
  );
  return {
    windows: windows.items.map((window, i) => ({ ...window, next: next[i] ?? null })),
    monitorNames: Object.fromEntries(monitors.items.map((monitor) => [monitor.id, monitor.name])),
    now: new Date().toISOString(),
  };
};
