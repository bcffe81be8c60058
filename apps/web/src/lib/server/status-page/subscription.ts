// The pages behind the links in subscription emails: confirm (double opt-in) and unsubscribe.
import { type Actions, isActionFailure, type ServerLoad } from '@sveltejs/kit';
import { subscriberEndpoints } from '@vantage/api-contract';
import { text } from '../../components/ops/forms.ts';
import { act, formValues } from '../guard.ts';
import { privateHeaders } from './endpoint.ts';
import { publicClient } from './source.ts';
import { loadPublicPage } from './view.ts';

/** The token of the link and the page's title; the answer belongs to its one reader (no cache keeps it). */
export const linkLoad: ServerLoad = async (event) => {
  const loaded = await loadPublicPage(event, (page) => ({
    title: page.page.title,
    passwordProtected: page.page.passwordProtected,
  }));
  // A protected page's answer is already marked private.
  if (loaded.view && !loaded.view.passwordProtected) event.setHeaders(privateHeaders);
  return {
    token: event.url.searchParams.get('token') ?? '',
    base: loaded.location.base,
    title: loaded.view?.title ?? loaded.locked?.title ?? 'Status',
  };
};

/** A form action that posts the link's token to `confirm` or `unsubscribe`. */
export function linkActions(
  endpoint: typeof subscriberEndpoints.confirm | typeof subscriberEndpoints.unsubscribe,
): Actions {
  return {
    default: async ({ request, url }) => {
      const values = formValues(await request.formData());
      // A mail provider's one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` to the link itself.
      const token = text(values, 'token') || (url.searchParams.get('token') ?? '');
      const result = await act(
        { _form: 'link' },
        () => publicClient(undefined).call(endpoint, { body: { token } }),
        { anonymous: true },
      );
      if (isActionFailure(result)) return result;
      return { subscription: result };
    },
  };
}

export { subscriberEndpoints };
