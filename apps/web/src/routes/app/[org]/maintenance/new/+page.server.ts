import { isActionFailure, redirect } from '@sveltejs/kit';
import { maintenanceWindowEndpoints, monitorEndpoints } from '@vantage/api-contract';
import { saveWindow } from '#lib/components/ops/save-window.server.ts';
import { formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** The monitors a window may cover. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const monitors = await loadFrom(url, () =>
    locals.api.call(monitorEndpoints.list, { params: { org: params.org }, query: { limit: 200 } }),
  );
  return { monitors: monitors.items.map(({ id, name }) => ({ id, name })) };
};

export const actions: Actions = {
  /** Schedules the window, then shows it with its next occurrences. */
  default: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await saveWindow(values, (body) =>
      locals.api.call(maintenanceWindowEndpoints.create, { params: { org: params.org }, body }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/maintenance/${result.id}`);
  },
};
