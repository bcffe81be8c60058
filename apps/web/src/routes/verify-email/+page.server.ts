import { isActionFailure, redirect } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { ApiError } from '#lib/server/api.ts';
import { act, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Opening the emailed link (`/verify-email?token=…`) confirms the address; without a token the page
 * offers to send the link again.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const token = url.searchParams.get('token');
  let outcome: 'verified' | 'invalid' | null = null;
  if (token) {
    outcome = await loadFrom(url, () =>
      locals.api.call(authEndpoints.verifyEmail, { body: { token } }).then(
        () => 'verified' as const,
        (cause) => {
          // A used, expired or mangled link is an answer for the page, not an error page.
          if (cause instanceof ApiError && cause.status < 500 && cause.status !== 429)
            return 'invalid' as const;
          throw cause;
        },
      ),
    );
  }
  const me = locals.sessionToken ? await locals.api.call(authEndpoints.me).catch(() => null) : null;
  return {
    outcome,
    signedIn: me !== null,
    email: me?.user.email ?? null,
    alreadyVerified: me?.user.emailVerified ?? false,
  };
};

export const actions: Actions = {
  /** Sends a fresh link to the signed-in user. */
  send: async ({ locals }) => {
    if (!locals.sessionToken) redirect(303, '/login?next=/verify-email');
    const result = await act({}, () => locals.api.call(authEndpoints.sendEmailVerification));
    if (isActionFailure(result)) return result;
    return { sent: true };
  },
};
