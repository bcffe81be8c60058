import { isActionFailure, redirect } from '@sveltejs/kit';
import { maintenanceWindowEndpoints, monitorEndpoints } from '@vantage/api-contract';
import { saveWindow } from '#lib/components/ops/save-window.server.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** The window, its next ten occurrences (the preview) and the monitors it may cover. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ids = { org: params.org, id: params.id };
  const [window, occurrences, monitors] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(maintenanceWindowEndpoints.get, { params: ids }),
      locals.api.call(maintenanceWindowEndpoints.occurrences, { params: ids, query: { count: 10 } }),
      locals.api.call(monitorEndpoints.list, { params: { org: params.org }, query: { limit: 200 } }),
    ]),
  );
  return {
    window,
    occurrences: occurrences.items,
    monitors: monitors.items.map(({ id, name }) => ({ id, name })),
    now: new Date().toISOString(),
  };
};

export const actions: Actions = {
  /** Changes the window; the merged result must still be a valid window. */
  edit: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await saveWindow(values, (body) =>
      locals.api.call(maintenanceWindowEndpoints.update, {
        params: { org: params.org, id: params.id },
        body,
      }),
    );
    if (isActionFailure(result)) return result;
    return { saved: true };
  },
  delete: async ({ locals, params }) => {
    const result = await act({ _form: 'delete' }, () =>
      locals.api.call(maintenanceWindowEndpoints.remove, { params: { org: params.org, id: params.id } }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/maintenance`);
  },
};
