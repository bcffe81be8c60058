import { isActionFailure, redirect } from '@sveltejs/kit';
import { statusPageEndpoints, subscriberEndpoints } from '@vantage/api-contract';
import { list, text } from '#lib/components/ops/forms.ts';
import { act, formValues } from '#lib/server/guard.ts';
import { accessTokenOf, keepAccessToken } from '#lib/server/status-page/access.ts';
import { addressOf, publicClient, slugOf } from '#lib/server/status-page/source.ts';
import { loadPublicPage } from '#lib/server/status-page/view.ts';
import { pageView } from '#lib/status-page/view.ts';
import type { Actions, PageServerLoad } from './$types';

/** The page's view; the bars show each region separately with `?view=regions` (a link: works without JavaScript). */
export const load: PageServerLoad = async (event) => {
  const perRegion = event.url.searchParams.get('view') === 'regions';
  return { perRegion, ...(await loadPublicPage(event, (page) => pageView(page, perRegion))) };
};

export const actions: Actions = {
  /** Trades the password for an access token, kept in an HttpOnly cookie scoped to the page. */
  unlock: async ({ request, params, cookies }) => {
    const values = formValues(await request.formData());
    const address = addressOf(params.slug);
    const slug = await slugOf(address, undefined);
    const result = await act(
      { _form: 'password' },
      () =>
        publicClient(undefined).call(statusPageEndpoints.access, {
          params: { slug },
          body: { password: text(values, 'password') },
        }),
      { anonymous: true },
    );
    if (isActionFailure(result)) return result;
    keepAccessToken(cookies, address, result.token, result.expiresAt);
    redirect(303, address.kind === 'slug' ? `/s/${address.slug}` : '/');
  },
  /** Email subscription: the API mails a confirmation link (double opt-in) and never says more. */
  subscribe: async ({ request, params, cookies }) => {
    const values = { ...formValues(await request.formData()), _form: 'email' };
    const token = accessTokenOf(cookies);
    const slug = await slugOf(addressOf(params.slug), token);
    const email = text(values, 'email');
    const result = await act(
      values,
      () =>
        publicClient(token).call(subscriberEndpoints.subscribe, {
          params: { slug },
          body: { email, componentIds: list(values, 'componentIds[]') },
        }),
      { anonymous: true },
    );
    if (isActionFailure(result)) return result;
    return { subscribed: 'email' as const, email };
  },
  /** Webhook subscription: its signing secret is shown once, here. */
  subscribeWebhook: async ({ request, params, cookies }) => {
    const values = { ...formValues(await request.formData()), _form: 'webhook' };
    const token = accessTokenOf(cookies);
    const slug = await slugOf(addressOf(params.slug), token);
    const result = await act(
      values,
      () =>
        publicClient(token).call(subscriberEndpoints.subscribeWebhook, {
          params: { slug },
          body: { url: text(values, 'url'), componentIds: list(values, 'componentIds[]') },
        }),
      { anonymous: true },
    );
    if (isActionFailure(result)) return result;
    return { subscribed: 'webhook' as const, webhook: result };
  },
};
