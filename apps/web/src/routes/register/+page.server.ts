import { isActionFailure, redirect } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { act, formValues } from '#lib/server/guard.ts';
import { keepIssuedSession } from '#lib/server/session.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData()) as Record<string, string>;
    const { email = '', password = '', name = '', organizationName = '' } = values;
    const result = await act(
      { email, name, organizationName },
      () =>
        locals.api.call(authEndpoints.register, {
          body: { email, password, name: name || undefined, organizationName },
        }),
      { anonymous: true },
    );
    if (isActionFailure(result)) return result;
    keepIssuedSession(cookies, locals.api);
    redirect(303, `/app/${result.organization.slug}/monitors?welcome=1`);
  },
};
