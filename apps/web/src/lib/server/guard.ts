import { error, fail, isRedirect, redirect } from '@sveltejs/kit';
import { ApiError, ControlPlaneUnreachable } from './api.ts';

/** Runs a page load against the control plane and maps its failures to pages a person understands. */
export async function loadFrom<T>(url: URL, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof ControlPlaneUnreachable) {
      error(503, {
        message: 'The Vantage API cannot be reached right now. Try again in a moment.',
        code: 'unreachable',
      });
    }
    if (cause instanceof ApiError) {
      if (cause.status === 401) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
      if (cause.status === 404) error(404, { message: 'Not found' });
      error(cause.status >= 500 ? 503 : cause.status, { message: cause.message, code: cause.code });
    }
    throw cause;
  }
}

/** What a failed form action hands back to its page: the typed values, field errors and a message. */
export interface ActionFailure {
  values: Record<string, unknown>;
  errors: Record<string, string>;
  message: string;
  /** A plan limit blocked the action: the page shows an upgrade prompt. */
  upgrade?: boolean;
}

/** Runs a form action; API refusals come back as `fail()` with the user's input kept. */
export async function act<T>(
  values: Record<string, unknown>,
  run: () => Promise<T>,
  options: { anonymous?: boolean } = {},
) {
  try {
    return await run();
  } catch (cause) {
    if (isRedirect(cause)) throw cause;
    const failure = (status: number, message: string, errors: Record<string, string> = {}, upgrade = false) =>
      fail(status, { values, errors, message, upgrade } satisfies ActionFailure);
    if (cause instanceof ControlPlaneUnreachable) {
      return failure(503, 'The Vantage API cannot be reached right now; nothing was saved. Try again.');
    }
    if (cause instanceof ApiError) {
      // A signed-in form whose session expired goes to login; a login form shows the refusal.
      if (cause.status === 401 && !options.anonymous) redirect(303, '/login');
      const message = cause.code === 'validation' ? 'Please correct the fields marked below.' : cause.message;
      return failure(cause.status, message, cause.fieldErrors, cause.status === 402);
    }
    throw cause;
  }
}

/** A form's fields as strings (checkbox groups and multi-selects as arrays). */
export function formValues(data: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(data.keys())) {
    const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
    values[key] = key.endsWith('[]') ? all : (all[0] ?? '');
  }
  return values;
}
