import { isActionFailure, redirect } from '@sveltejs/kit';
import { alertChannelEndpoints } from '@vantage/api-contract';
import { readChannelConfig, readPolicy } from '#lib/components/ops/channels.ts';
import { text } from '#lib/components/ops/forms.ts';
import { act, formValues } from '#lib/server/guard.ts';
import type { Actions } from './$types';

type CreateBody = Parameters<typeof alertChannelEndpoints.createAlertChannelSchema.parse>[0];

export const actions: Actions = {
  /** Creates the channel; a webhook's signing secret is shown here once, other kinds open their page. */
  default: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const type = text(values, 'type');
    const result = await act(values, () =>
      locals.api.call(alertChannelEndpoints.create, {
        params: { org: params.org },
        body: {
          name: text(values, 'name'),
          type,
          config: readChannelConfig(type, values),
          ...readPolicy(values),
        } as CreateBody,
      }),
    );
    if (isActionFailure(result)) return result;
    const channel = result.alertChannel;
    if (channel.type !== 'webhook') redirect(303, `/app/${params.org}/alert-channels/${channel.id}`);
    return { created: { id: channel.id, name: channel.name, secret: String(channel.config.secret ?? '') } };
  },
};
