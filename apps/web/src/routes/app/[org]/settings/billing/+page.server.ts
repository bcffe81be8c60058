import { isActionFailure, redirect } from '@sveltejs/kit';
import { billingEndpoints } from '@vantage/api-contract';
import { planIds, plans } from '@vantage/domain';
import { planCards } from '#lib/components/org/plans.ts';
import { config } from '#lib/server/config.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

// Checkout and portal URLs come from Stripe, through the control plane: the one place we send people off-site.

/** Plan, subscription and usage; the plans to compare are sent as plain data. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const billing = await loadFrom(url, () =>
    locals.api.call(billingEndpoints.get, { params: { org: params.org } }),
  );
  const checkout = url.searchParams.get('checkout');
  return {
    billing,
    selfHosted: config.edition === 'self-hosted',
    planName: plans[billing.plan].name,
    cards: planCards(planIds.map((id) => plans[id])),
    checkout: checkout === 'success' || checkout === 'canceled' ? checkout : null,
  };
};

export const actions: Actions = {
  /** Starts Stripe Checkout and sends the browser there (a plain form post: the target is another site). */
  checkout: async ({ request, locals, params }) => {
    const { plan = '', interval = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({ plan, interval }, () =>
      locals.api.call(billingEndpoints.checkout, {
        params: { org: params.org },
        body: { plan: plan as 'pro' | 'business', interval: interval as 'month' | 'year' },
      }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, result.url, { external: true });
  },
  /** Opens the Stripe customer portal (card, invoices, plan changes, cancel). */
  portal: async ({ locals, params }) => {
    const result = await act({}, () =>
      locals.api.call(billingEndpoints.portal, { params: { org: params.org } }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, result.url, { external: true });
  },
};
