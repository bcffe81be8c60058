import { isActionFailure, redirect } from '@sveltejs/kit';
import { organizationEndpoints } from '@vantage/api-contract';
import { act, formValues } from '#lib/server/guard.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  /** Renames the organization (the slug, and so every URL, stays). */
  rename: async ({ request, locals, params }) => {
    const { name = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({ name }, () =>
      locals.api.call(organizationEndpoints.update, { params: { org: params.org }, body: { name } }),
    );
    if (isActionFailure(result)) return result;
    return { saved: 'The organization was renamed.' };
  },
  /** The signed-in member leaves (the last owner cannot). */
  leave: async ({ locals, params }) => {
    const result = await act({}, () =>
      locals.api.call(organizationEndpoints.leave, { params: { org: params.org } }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, '/app');
  },
};
