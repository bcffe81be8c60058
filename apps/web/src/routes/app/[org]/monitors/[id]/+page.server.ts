import { isActionFailure, redirect } from '@sveltejs/kit';
import {
  checkNowEndpoints,
  incidentEndpoints,
  monitorEndpoints,
  monitorStatsEndpoints,
  regionEndpoints,
  resultEndpoints,
} from '@vantage/api-contract';
import { ApiError } from '#lib/server/api.ts';
import { act, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

const hourMs = 3_600_000;
/** The chart ranges a person can pick, newest data last. */
const ranges = {
  '1h': hourMs,
  '24h': 24 * hourMs,
  '7d': 7 * 24 * hourMs,
  '30d': 30 * 24 * hourMs,
  '90d': 90 * 24 * hourMs,
};
type Range = keyof typeof ranges;
const uptimeRanges = ['24h', '7d', '30d', '90d'] as const satisfies Range[];

const isRange = (value: string | null): value is Range => value !== null && value in ranges;

/** A monitor with its charts, uptime, history bars, latest checks and incidents (all API calls at once). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const range: Range = isRange(url.searchParams.get('range'))
    ? (url.searchParams.get('range') as Range)
    : '24h';
  const region = url.searchParams.get('region') || undefined;
  const nowMs = Date.now();
  const to = new Date(nowMs).toISOString();
  const from = (r: Range) => new Date(nowMs - ranges[r]).toISOString();
  const ids = { org: params.org, id: params.id };
  const { api } = locals;
  return loadFrom(url, async () => {
    const [monitor, latency, daily, results, regions, incidents, ...uptimes] = await Promise.all([
      api.call(monitorEndpoints.get, { params: ids }),
      api.call(monitorStatsEndpoints.latency, { params: ids, query: { from: from(range), to } }),
      api.call(monitorStatsEndpoints.dailyBars, { params: ids, query: { days: 90 } }),
      api.call(resultEndpoints.list, { params: ids, query: { limit: 50, region } }),
      api.call(regionEndpoints.list, { params: { org: params.org } }),
      // The incidents API has no monitor filter: the latest page, narrowed to this monitor.
      api
        .call(incidentEndpoints.list, { params: { org: params.org }, query: { limit: 100 } })
        .then((page) => page.items.filter((incident) => incident.monitorIds.includes(params.id)))
        .catch((cause) => (cause instanceof ApiError && cause.status === 403 ? [] : Promise.reject(cause))),
      ...[...new Set<Range>([range, ...uptimeRanges])].map((r) =>
        api
          .call(monitorStatsEndpoints.uptime, { params: ids, query: { from: from(r), to } })
          .then((uptime) => ({ range: r, uptime })),
      ),
    ]);
    return {
      monitor,
      range,
      from: from(range),
      region: region ?? '',
      latency,
      daily,
      results: results.items,
      regionNames: Object.fromEntries(regions.items.map((r) => [r.id, r.name])),
      incidents,
      uptime: Object.fromEntries(uptimes.map((u) => [u.range, u.uptime])),
      loadedAt: to,
    };
  });
};

const ids = (params: { org: string; id: string }) => ({ org: params.org, id: params.id });

export const actions: Actions = {
  pause: async ({ locals, params, url }) => {
    const result = await act({}, () => locals.api.call(monitorEndpoints.pause, { params: ids(params) }));
    if (isActionFailure(result)) return result;
    redirect(303, url.pathname);
  },
  resume: async ({ locals, params, url }) => {
    const result = await act({}, () => locals.api.call(monitorEndpoints.resume, { params: ids(params) }));
    if (isActionFailure(result)) return result;
    redirect(303, url.pathname);
  },
  delete: async ({ locals, params }) => {
    const result = await act({}, () => locals.api.call(monitorEndpoints.remove, { params: ids(params) }));
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/monitors?deleted=1`);
  },
  check: async ({ locals, params }) => {
    const result = await act({}, () =>
      locals.api.call(checkNowEndpoints.checkMonitor, { params: ids(params), body: {} }),
    );
    if (isActionFailure(result)) return result;
    return { checked: result.results };
  },
};
