import { fail } from '@sveltejs/kit';
import { maintenanceWindowEndpoints } from '@vantage/api-contract';
import type { ActionFailure } from '#lib/server/guard.ts';
import { act } from '#lib/server/guard.ts';
import { readWindowForm, type WindowBody } from './maintenance.ts';

/**
 * Saves the maintenance form through `call`; dates that cannot be read are refused here, together with
 * whatever else the shared schema finds, so every wrong field shows at once.
 */
export async function saveWindow<T>(values: Record<string, unknown>, call: (body: WindowBody) => Promise<T>) {
  const { body, errors } = readWindowForm(values);
  if (Object.keys(errors).length === 0) return act(values, () => call(body));
  const parsed = maintenanceWindowEndpoints.maintenanceWindowBody.safeParse(body);
  const found: Record<string, string> = {};
  for (const issue of parsed.success ? [] : parsed.error.issues)
    found[issue.path.join('.')] ??= issue.message;
  return fail(400, {
    values,
    errors: { ...found, ...errors },
    message: 'Please correct the fields marked below.',
  } satisfies ActionFailure);
}
