import { isActionFailure } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { act, formValues } from '#lib/server/guard.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  /** Asks the control plane to email a reset link; it answers the same whether the address has an account or not. */
  default: async ({ request, locals }) => {
    const { email = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act(
      { email },
      () => locals.api.call(authEndpoints.requestPasswordReset, { body: { email } }),
      { anonymous: true },
    );
    if (isActionFailure(result)) return result;
    return { sent: true, email };
  },
};
