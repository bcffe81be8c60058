import { isActionFailure, redirect } from '@sveltejs/kit';
import { incidentEndpoints, monitorEndpoints } from '@vantage/api-contract';
import { list, text } from '#lib/components/ops/forms.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

type Impact = (typeof incidentEndpoints.incidentImpacts)[number];
type Status = (typeof incidentEndpoints.incidentStatuses)[number];

/** The monitors an incident may name. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const monitors = await loadFrom(url, () =>
    locals.api.call(monitorEndpoints.list, { params: { org: params.org }, query: { limit: 200 } }),
  );
  return {
    monitors: monitors.items.map(({ id, name }) => ({ id, name })),
    impacts: incidentEndpoints.incidentImpacts,
    statuses: incidentEndpoints.incidentStatuses,
  };
};

export const actions: Actions = {
  /** Opens a manual incident with its first update, then shows it. */
  default: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await act(values, () =>
      locals.api.call(incidentEndpoints.create, {
        params: { org: params.org },
        body: {
          title: text(values, 'title'),
          impact: text(values, 'impact') as Impact,
          status: text(values, 'status') as Status,
          message: text(values, 'message'),
          monitorIds: list(values, 'monitorIds[]'),
        },
      }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/incidents/${result.id}`);
  },
};
