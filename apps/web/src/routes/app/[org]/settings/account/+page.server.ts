import { fail, isActionFailure } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { type ActionFailure, act, formValues } from '#lib/server/guard.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  /** Changes the password; every other session of the user is signed out, this one stays. */
  password: async ({ request, locals }) => {
    const values = formValues(await request.formData()) as Record<string, string>;
    const { currentPassword = '', newPassword = '', confirmPassword = '' } = values;
    if (newPassword !== confirmPassword) {
      return fail(400, {
        values: {},
        errors: { confirmPassword: 'The two passwords do not match' },
        message: 'Please correct the fields marked below.',
      } satisfies ActionFailure);
    }
    const result = await act({}, () =>
      locals.api.call(authEndpoints.changePassword, { body: { currentPassword, newPassword } }),
    );
    if (isActionFailure(result)) return result;
    return { saved: 'Your password was changed. Other devices were signed out.' };
  },
};
