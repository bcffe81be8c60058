import { fail, isActionFailure } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { type ActionFailure, act, formValues } from '#lib/server/guard.ts';
import { dropSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

/** The token travels in the emailed link (`/reset-password?token=…`). */
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData()) as Record<string, string>;
    const { token = '', newPassword = '', confirmPassword = '' } = values;
    if (newPassword !== confirmPassword) {
      return fail(400, {
        values: {},
        errors: { confirmPassword: 'The two passwords do not match' },
        message: 'Please correct the fields marked below.',
      } satisfies ActionFailure);
    }
    const result = await act(
      {},
      () => locals.api.call(authEndpoints.confirmPasswordReset, { body: { token, newPassword } }),
      { anonymous: true },
    );
    if (isActionFailure(result)) return result;
    // Every session of the account was just revoked, this browser's included.
    dropSession(cookies);
    return { done: true };
  },
};
