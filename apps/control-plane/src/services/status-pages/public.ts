import { statusPageEndpoints } from '@vantage/api-contract';
import {
  findPublicStatusPage,
  listMaintenanceWindows,
  listPageIncidents,
  listPublicComponents,
  listRegionNames,
  listStatusPageGroups,
  type PublicStatusPageRecord,
} from '@vantage/db';
import { hasFeature, msPerDay, plans, ServiceError, utcDayStartMs } from '@vantage/domain';
import { readTimelines } from '@vantage/results';
import type { AppContext } from '../../context.ts';
import { handler } from '../../http/handler.ts';
import { verifyPassword } from '../../security/secrets.ts';
import { issueAccessToken, verifyAccessToken } from './access-token.ts';
import { componentRegions, historyDays } from './public-components.ts';
import { toPublicPage } from './public-page.ts';

/** Most incidents a page lists (open ones, and those of the last 90 days). */
const maxIncidents = 200;

const notFound = () => new ServiceError('not_found', 'No such status page');

/** A page's components, then the timelines of all of its monitors in ONE ClickHouse query. */
async function readComponentsAndHistory(app: AppContext, page: PublicStatusPageRecord, now: Date) {
  const components = await listPublicComponents(app.db, page.orgId, page.id);
  const monitors = components.flatMap((component) =>
    component.monitor && component.monitorId
      ? [{ id: component.monitorId, regions: component.monitor.regions }]
      : [],
  );
  const nowMs = now.getTime();
  // From 90 × 24 h ago (the d90 uptime), which is before the first daily bar's midnight.
  const from = new Date(
    Math.min(nowMs - historyDays * msPerDay, utcDayStartMs(nowMs) - (historyDays - 1) * msPerDay),
  );
  const regions = [...new Set(components.flatMap((component) => componentRegions(page, component)))];
  const [timelines, regionNames] = await Promise.all([
    readTimelines(app.results, { orgId: page.orgId, monitors, from, to: now }),
    listRegionNames(app.db, regions),
  ]);
  return { components, timelines, regionNames };
}

/** The public JSON of a page; a protected page needs a valid access token (401 password_required). */
async function readPublicPage(app: AppContext, page: PublicStatusPageRecord, token: string) {
  const now = new Date();
  if (page.passwordHash !== null && !verifyAccessToken(app.config.appKey, page, token, now)) {
    throw new ServiceError('password_required', 'This status page is protected by a password', {
      slug: page.slug,
      title: page.title,
    });
  }
  const since = new Date(now.getTime() - historyDays * msPerDay);
  const [history, groups, incidents, windows] = await Promise.all([
    readComponentsAndHistory(app, page, now),
    listStatusPageGroups(app.db, page.orgId, page.id),
    listPageIncidents(app.db, { orgId: page.orgId, pageId: page.id, since, limit: maxIncidents }),
    listMaintenanceWindows(app.db, page.orgId),
  ]);
  return toPublicPage({ page, groups, incidents, windows, now, ...history });
}

/** `GET /public/status-pages/{slug}`: everything the page renders from. */
export const publicStatusPageBySlug = handler(statusPageEndpoints.publicBySlug, async (request) => {
  const page = await findPublicStatusPage(request.app.db, { slug: request.params.slug.toLowerCase() });
  if (!page) throw notFound();
  return readPublicPage(request.app, page, request.http.get(statusPageEndpoints.accessTokenHeader));
});

/** `GET /public/status-pages/by-domain/{host}`: the page served on a custom domain (plan feature). */
export const publicStatusPageByDomain = handler(statusPageEndpoints.publicByDomain, async (request) => {
  const host = statusPageEndpoints.customDomainSchema.safeParse(request.params.host.replace(/:\d+$/, ''));
  if (!host.success) throw notFound();
  const page = await findPublicStatusPage(request.app.db, { customDomain: host.data });
  if (!page || !hasFeature(plans[page.plan], 'custom_domains')) throw notFound();
  return readPublicPage(request.app, page, request.http.get(statusPageEndpoints.accessTokenHeader));
});

/** `POST /public/status-pages/{slug}/access`: the password for a signed access token (rate limited). */
export const accessStatusPage = handler(statusPageEndpoints.access, async (request) => {
  const page = await findPublicStatusPage(request.app.db, { slug: request.params.slug.toLowerCase() });
  if (!page) throw notFound();
  if (page.passwordHash !== null && !(await verifyPassword(request.body.password, page.passwordHash))) {
    throw new ServiceError('validation', 'Wrong password', [
      { path: 'body.password', message: 'Wrong password' },
    ]);
  }
  const { token, expiresAt } = issueAccessToken(request.app.config.appKey, page, new Date());
  return { token, expiresAt: expiresAt.toISOString() };
});
