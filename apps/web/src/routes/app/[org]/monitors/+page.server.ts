import { monitorOverviewEndpoints } from '@vantage/api-contract';
import { ApiError, ControlPlaneUnreachable } from '#lib/server/api.ts';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

/**
 * Every monitor with its regions, sparkline and uptime (one API call). Filters and sorting are in the
 * URL and applied by the page, so this load does not re-run when they change; the page re-runs it
 * every few seconds (`app:monitors`). When the API cannot be reached the page keeps what it showed.
 */
export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
  depends('app:monitors');
  try {
    const overview = await locals.api.call(monitorOverviewEndpoints.overview, {
      params: { org: params.org },
    });
    return { overview, unreachable: false };
  } catch (cause) {
    if (cause instanceof ControlPlaneUnreachable || (cause instanceof ApiError && cause.status >= 500)) {
      return { overview: null, unreachable: true };
    }
    return loadFrom(url, () => Promise.reject(cause));
  }
};
