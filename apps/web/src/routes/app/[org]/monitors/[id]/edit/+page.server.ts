import { isActionFailure, redirect } from '@sveltejs/kit';
import { monitorEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import { formChoices, readMonitorForm, saveMonitor, testMonitor } from '../../form-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
  loadFrom(url, async () => {
    const [monitor, choices] = await Promise.all([
      locals.api.call(monitorEndpoints.get, { params: { org: params.org, id: params.id } }),
      formChoices(locals.api, params.org),
    ]);
    return { monitor, ...choices };
  });

export const actions: Actions = {
  save: async ({ locals, params, request }) => {
    const { values, spec, failure } = await readMonitorForm(request);
    if (failure) return failure;
    const result = await saveMonitor(values, () =>
      locals.api.call(monitorEndpoints.update, {
        params: { org: params.org, id: params.id },
        body: spec as never,
      }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/monitors/${params.id}?saved=1`);
  },
  test: ({ locals, params, request }) => testMonitor(locals.api, params.org, request),
};
