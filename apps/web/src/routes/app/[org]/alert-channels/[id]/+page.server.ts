import { isActionFailure, redirect } from '@sveltejs/kit';
import { alertChannelEndpoints } from '@vantage/api-contract';
import { readChannelConfig, readPolicy } from '#lib/components/ops/channels.ts';
import { text } from '#lib/components/ops/forms.ts';
import type { ControlPlane } from '#lib/server/api.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** The channel (secrets masked) and its latest deliveries with every attempt. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ids = { org: params.org, id: params.id };
  const [channel, deliveries] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(alertChannelEndpoints.get, { params: ids }),
      locals.api.call(alertChannelEndpoints.deliveries, { params: ids, query: { limit: 50 } }),
    ]),
  );
  return { channel: channel.alertChannel, deliveries: deliveries.items };
};

/** Waits (up to a few seconds) for a delivery's first attempt, so the page can say how the test went. */
async function firstOutcome(api: ControlPlane, ids: { org: string; id: string }, deliveryId: string) {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const answer = await api.call(alertChannelEndpoints.deliveries, { params: ids, query: { limit: 20 } });
    const delivery = answer.items.find((item) => item.id === deliveryId) ?? null;
    if (delivery?.status !== 'pending' || delivery.attempts.length > 0 || Date.now() > deadline) {
      return delivery;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const actions: Actions = {
  /** Sends a test event through the normal delivery path and reports its first attempt. */
  test: async ({ locals, params }) => {
    const ids = { org: params.org, id: params.id };
    const result = await act({ _form: 'test' }, async () => {
      const { deliveryId } = await locals.api.call(alertChannelEndpoints.test, { params: ids });
      return { deliveryId, delivery: await firstOutcome(locals.api, ids, deliveryId) };
    });
    if (isActionFailure(result)) return result;
    return { tested: result };
  },
  /** Sends a failed delivery again. */
  retry: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await act({ ...values, _form: 'retry' }, () =>
      locals.api.call(alertChannelEndpoints.retryDelivery, {
        params: { org: params.org, id: text(values, 'deliveryId') },
      }),
    );
    if (isActionFailure(result)) return result;
    return { retried: result.delivery.id };
  },
  /** Changes name, policy and settings (secret fields left blank keep their stored value). */
  edit: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await act(values, () =>
      locals.api.call(alertChannelEndpoints.update, {
        params: { org: params.org, id: params.id },
        body: {
          name: text(values, 'name'),
          config: readChannelConfig(text(values, 'kind'), values, true),
          ...readPolicy(values),
        },
      }),
    );
    if (isActionFailure(result)) return result;
    return { saved: true };
  },
  delete: async ({ locals, params }) => {
    const result = await act({ _form: 'delete' }, () =>
      locals.api.call(alertChannelEndpoints.remove, { params: { org: params.org, id: params.id } }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/alert-channels`);
  },
};
