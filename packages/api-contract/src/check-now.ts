import { monitorSpecSchema, regionIdPattern } from '@vantage/domain';
import { z } from 'zod';
import { orgIdParams, orgParams } from './common.ts';
import { endpoint } from './endpoint.ts';
import { checkResultSchema } from './results.ts';

const regionResults = z.object({
  results: z.array(
    z.object({
      region: z.string(),
      result: checkResultSchema.nullable(),
      /** Why there is no result (no live probe, no answer in time). */
      error: z.string().nullable(),
    }),
  ),
});

/** `POST /orgs/{org}/monitors/{id}/check`. */
export const checkMonitor = endpoint({
  id: 'monitors.checkNow',
  method: 'POST',
  path: '/orgs/{org}/monitors/{id}/check',
  summary:
    "Run one check of a saved monitor now from its regions (or some of them) and return each region's result",
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:write' },
  params: orgIdParams,
  body: z.strictObject({ regions: z.array(z.string().regex(regionIdPattern)).min(1).max(20).optional() }),
  response: regionResults,
  status: 200,
});

/** `POST /orgs/{org}/monitors/check`. */
export const checkSpec = endpoint({
  id: 'monitors.checkSpec',
  method: 'POST',
  path: '/orgs/{org}/monitors/check',
  summary: 'Run one check of an unsaved monitor spec ("test now") from its regions; nothing is stored',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:write' },
  params: orgParams,
  body: monitorSpecSchema,
  response: regionResults,
  status: 200,
});
