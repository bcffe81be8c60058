import { isActionFailure, redirect } from '@sveltejs/kit';
import {
  monitorEndpoints,
  regionEndpoints,
  statusPageEndpoints,
  subscriberEndpoints,
} from '@vantage/api-contract';
import { ApiError } from '#lib/server/api.ts';
import { act, loadFrom } from '#lib/server/guard.ts';
import { editorActions } from '#lib/server/status-page/editor.ts';
import { purgeStatusPage } from '#lib/server/status-page/index.ts';
import type { Actions, PageServerLoad } from './$types';

/** The page with its layout, the monitors and regions it may show, and its subscribers. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const org = params.org;
  const [page, monitors, regions, subscribers] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(statusPageEndpoints.get, { params: { org, id: params.id } }),
      locals.api.call(monitorEndpoints.list, { params: { org }, query: { limit: 200 } }),
      locals.api.call(regionEndpoints.list, { params: { org } }),
      locals.api
        .call(subscriberEndpoints.list, { params: { org, id: params.id }, query: { limit: 200 } })
        // The subscriber list is extra: the editor works without it.
        .catch((cause) => (cause instanceof ApiError && cause.status !== 401 ? null : Promise.reject(cause))),
    ]),
  );
  return {
    page,
    monitors: monitors.items.map(({ id, name, regions: monitorRegions }) => ({
      id,
      name,
      regions: monitorRegions,
    })),
    regions: regions.items.map(({ id, name, location }) => ({ id, name, location })),
    subscribers: subscribers?.items ?? null,
    created: url.searchParams.has('created'),
  };
};

export const actions: Actions = {
  ...editorActions,
  /** Deletes the page; its public address stops answering at once. */
  delete: async ({ locals, params }) => {
    const ids = { org: params.org, id: params.id };
    const page = await locals.api.call(statusPageEndpoints.get, { params: ids }).catch(() => null);
    const result = await act({ _form: 'delete' }, () =>
      locals.api.call(statusPageEndpoints.remove, { params: ids }),
    );
    if (isActionFailure(result)) return result;
    if (page) purgeStatusPage(page);
    redirect(303, `/app/${params.org}/status-pages`);
  },
};
