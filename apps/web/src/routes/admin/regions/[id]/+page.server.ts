import { error, isActionFailure, redirect } from '@sveltejs/kit';
import { adminEndpoints } from '@vantage/api-contract';
import { text } from '#lib/components/ops/forms.ts';
import { config } from '#lib/server/config.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** One region: its live probes and every token issued for it (revoked ones marked); refreshed in place. */
export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
  depends('admin:fleet');
  const [regions, tokens, fleet] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(adminEndpoints.listRegions),
      locals.api.call(adminEndpoints.listProbeTokens, { query: { region: params.id } }),
      locals.api.call(adminEndpoints.listProbes),
    ]),
  );
  const region = regions.items.find((item) => item.id === params.id);
  if (!region) error(404, { message: 'Not found' });
  return {
    region,
    /** Where probes reach the control plane's gRPC port (4001 unless GRPC_PORT says otherwise). */
    controlPlane: `${new URL(config.controlPlaneUrl).hostname}:4001`,
    tokens: tokens.items,
    probes: fleet.items.find((item) => item.regionId === region.id)?.probes ?? [],
    generatedAtMs: Date.now(),
  };
};

export const actions: Actions = {
  /** Issues a probe token; its secret is in this response only. */
  issue: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await act({ ...values, _form: 'issue' }, () =>
      locals.api.call(adminEndpoints.issueProbeToken, {
        body: { regionId: params.id, name: text(values, 'name') },
      }),
    );
    if (isActionFailure(result)) return result;
    return {
      issued: { token: result.token, name: result.probeToken.name, prefix: result.probeToken.prefix },
    };
  },
  /** Revokes a token: its probe is disconnected and cannot come back with it. */
  revoke: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const result = await act({ _form: 'revoke' }, () =>
      locals.api.call(adminEndpoints.revokeProbeToken, { params: { id: text(values, 'tokenId') } }),
    );
    if (isActionFailure(result)) return result;
    return { revoked: true };
  },
  /** Deletes the region (refused while a monitor uses it). */
  delete: async ({ locals, params }) => {
    const result = await act({ _form: 'delete' }, () =>
      locals.api.call(adminEndpoints.deleteRegion, { params: { id: params.id } }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/admin?deleted=${encodeURIComponent(params.id)}`);
  },
};
