import { fail, isActionFailure } from '@sveltejs/kit';
import { alertChannelEndpoints, checkNowEndpoints, regionEndpoints } from '@vantage/api-contract';
import { type FormValues, fieldOf, formValuesOf, specFromForm } from '#lib/components/monitors/spec-form.ts';
import type { ControlPlane } from '#lib/server/api.ts';
import { type ActionFailure, act } from '#lib/server/guard.ts';

/** What the monitor form needs besides the monitor: the regions and alert channels to pick from. */
export async function formChoices(api: ControlPlane, org: string) {
  const [regions, channels] = await Promise.all([
    api.call(regionEndpoints.list, { params: { org } }),
    api.call(alertChannelEndpoints.list, { params: { org } }),
  ]);
  return {
    regions: regions.items.map(({ id, name, location, private: isPrivate }) => ({
      id,
      name,
      location,
      private: isPrivate,
    })),
    channels: channels.items.map(({ id, name, type }) => ({ id, name, type })),
  };
}

/** A failed action with the API's field errors keyed by form field (`headers.X` → `headers`). */
function byField<T>(result: T): T {
  if (!isActionFailure(result)) return result;
  const data = result.data as ActionFailure;
  data.errors = Object.fromEntries(
    Object.entries(data.errors).map(([path, message]) => [fieldOf(path), message]),
  );
  return result;
}

/** Reads the monitor form; fields that cannot be read (not a number, a bad header line) fail at once. */
export async function readMonitorForm(request: Request) {
  const values: FormValues = formValuesOf(await request.formData());
  const { spec, errors } = specFromForm(values);
  const failure =
    Object.keys(errors).length > 0
      ? fail(400, {
          values,
          errors,
          message: 'Please correct the fields marked below.',
        } satisfies ActionFailure)
      : null;
  return { values, spec, failure };
}

/** Sends the form's spec to the API (create or update); refusals come back with the user's input kept. */
export async function saveMonitor<T>(values: FormValues, save: () => Promise<T>) {
  return byField(await act(values, save));
}

/** "Test now": runs the form's spec once from the chosen region; nothing is stored. */
export async function testMonitor(api: ControlPlane, org: string, request: Request) {
  const { values, spec, failure } = await readMonitorForm(request);
  if (failure) return failure;
  if (spec.type === 'heartbeat') {
    return fail(400, {
      values,
      errors: {},
      message: 'Heartbeat monitors are pinged by your job; there is nothing to test.',
    });
  }
  const region = String(values.testRegion || (spec.regions as string[] | undefined)?.[0] || '');
  // One region, and no quorum: the test is about the check, not the alerting around it.
  const body = { ...spec, regions: [region], quorum: null, name: String(spec.name || 'Test') } as never;
  const result = byField(
    await act(values, () => api.call(checkNowEndpoints.checkSpec, { params: { org }, body })),
  );
  if (isActionFailure(result)) return result;
  return { values, test: result.results };
}
