import { isActionFailure, redirect } from '@sveltejs/kit';
import { incidentEndpoints, monitorEndpoints } from '@vantage/api-contract';
import { list, text } from '#lib/components/ops/forms.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

type Impact = (typeof incidentEndpoints.incidentImpacts)[number];
type Status = (typeof incidentEndpoints.incidentStatuses)[number];

/** The incident with its updates, and the org's monitors (names, and the picker). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const [incident, monitors] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(incidentEndpoints.get, { params: { org: params.org, id: params.id } }),
      locals.api.call(monitorEndpoints.list, { params: { org: params.org }, query: { limit: 200 } }),
    ]),
  );
  return {
    incident,
    monitors: monitors.items.map(({ id, name }) => ({ id, name })),
    impacts: incidentEndpoints.incidentImpacts,
    statuses: incidentEndpoints.incidentStatuses,
  };
};

export const actions: Actions = {
  /** Posts an update: its status becomes the incident's (`resolved` resolves it). */
  post: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await act(values, () =>
      locals.api.call(incidentEndpoints.addUpdate, {
        params: { org: params.org, id: params.id },
        body: { status: text(values, 'status') as Status, message: text(values, 'message') },
      }),
    );
    if (isActionFailure(result)) return result;
    return { posted: true };
  },
  /** Changes the title, impact and affected monitors. */
  details: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await act(values, () =>
      locals.api.call(incidentEndpoints.update, {
        params: { org: params.org, id: params.id },
        body: {
          title: text(values, 'title'),
          impact: text(values, 'impact') as Impact,
          monitorIds: list(values, 'monitorIds[]'),
        },
      }),
    );
    if (isActionFailure(result)) return result;
    return { saved: true };
  },
  delete: async ({ locals, params }) => {
    const result = await act({ _form: 'delete' }, () =>
      locals.api.call(incidentEndpoints.remove, { params: { org: params.org, id: params.id } }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/incidents`);
  },
};
