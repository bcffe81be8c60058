import { isActionFailure } from '@sveltejs/kit';
import { apiKeyEndpoints } from '@vantage/api-contract';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

type KeyRole = 'admin' | 'member' | 'viewer';

/** The org's keys (a role that may not manage keys gets the API's 403 as an error page). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const keys = await loadFrom(url, () =>
    locals.api.call(apiKeyEndpoints.list, { params: { org: params.org } }),
  );
  return { keys: keys.items };
};

export const actions: Actions = {
  /** Creates a key; its secret is in this one response and is never shown again. */
  create: async ({ request, locals, params }) => {
    const { name = '', role = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({ name, role }, () =>
      locals.api.call(apiKeyEndpoints.create, {
        params: { org: params.org },
        body: { name, role: role as KeyRole },
      }),
    );
    if (isActionFailure(result)) return result;
    return { created: { name: result.apiKey.name, role: result.apiKey.role, secret: result.secret } };
  },
  revoke: async ({ request, locals, params }) => {
    const { id = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({}, () =>
      locals.api.call(apiKeyEndpoints.revoke, { params: { org: params.org, id } }),
    );
    if (isActionFailure(result)) return result;
    return { revoked: true };
  },
};
