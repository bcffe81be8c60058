import { describe, expect, it } from 'vitest';
import type { MonitorSpec } from './monitor/spec.ts';
import { monitorSpecSchema } from './monitor/spec.ts';
import type { LimitCode } from './plan-limits.ts';
import {
  checkAlertChannelKind,
  checkFeature,
  checkMemberLimit,
  checkMonitorLimits,
  checkStatusPageLimit,
  limitExceededError,
  monitorsOverLimit,
} from './plan-limits.ts';
import type { PlanId } from './plans.ts';
import { isPlanId, planIds, plans } from './plans.ts';

function http(fields: Record<string, unknown> = {}): MonitorSpec {
  return monitorSpecSchema.parse({
    type: 'http',
    name: 'API',
    url: 'https://example.com/',
    regions: ['eu-west'],
    intervalSeconds: 300,
    ...fields,
  });
}

const tls = monitorSpecSchema.parse({ type: 'tls', name: 'Cert', host: 'example.com', regions: ['eu-west'] });
const heartbeat = (expectedEverySeconds: number) =>
  monitorSpecSchema.parse({ type: 'heartbeat', name: 'Cron', expectedEverySeconds });

describe('plans', () => {
  it('lists every plan once, keyed by its id', () => {
    expect(Object.keys(plans)).toEqual([...planIds]);
    for (const id of planIds) expect(plans[id].id).toBe(id);
  });

  it.each([
    ['free', true],
    ['enterprise', false],
    [3, false],
  ])('isPlanId(%j) is %s', (value, expected) => {
    expect(isPlanId(value)).toBe(expected);
  });
});

describe('checkMonitorLimits', () => {
  it.each<[PlanId, number, MonitorSpec, LimitCode | null]>([
    ['free', 4, http(), null],
    ['free', 5, http(), 'limit.monitors'],
    ['free', 0, http({ intervalSeconds: 60 }), 'limit.interval'],
    ['free', 0, http({ regions: ['eu-west', 'us-east', 'ap-south'] }), 'limit.regions_per_monitor'],
    ['free', 0, tls, 'limit.monitor_kind'],
    ['free', 0, heartbeat(60), 'limit.interval'],
    ['free', 0, heartbeat(3600), null],
    ['pro', 49, http({ intervalSeconds: 60, regions: ['eu-west', 'us-east', 'ap-south'] }), null],
    ['pro', 50, http(), 'limit.monitors'],
    ['pro', 0, http({ intervalSeconds: 30, timeoutMs: 5000 }), 'limit.interval'],
    ['pro', 0, tls, null],
    ['business', 10_000, http({ intervalSeconds: 30, timeoutMs: 5000 }), null],
    ['business', 0, http({ intervalSeconds: 10, timeoutMs: 5000 }), 'limit.interval'],
    ['unlimited', 100_000, http({ intervalSeconds: 1, timeoutMs: 500 }), null],
  ])('%s with %i other monitors: %o → %s', (planId, otherActiveMonitors, spec, code) => {
    expect(checkMonitorLimits(plans[planId], { otherActiveMonitors, spec })?.code ?? null).toBe(code);
  });

  it('names the limit, the field and the plan', () => {
    expect(
      checkMonitorLimits(plans.free, { otherActiveMonitors: 0, spec: http({ intervalSeconds: 60 }) }),
    ).toEqual({
      code: 'limit.interval',
      limit: 300,
      path: 'intervalSeconds',
      message: 'The Free plan checks at most every 300 seconds',
    });
  });
});

describe('other limits', () => {
  it.each<[string, () => ReturnType<typeof checkMemberLimit>, LimitCode | null]>([
    ['a second free member', () => checkMemberLimit(plans.free, 1), 'limit.members'],
    ['a fifth pro member', () => checkMemberLimit(plans.pro, 4), null],
    ['a sixth pro member', () => checkMemberLimit(plans.pro, 5), 'limit.members'],
    ['many business members', () => checkMemberLimit(plans.business, 500), null],
    ['a second free status page', () => checkStatusPageLimit(plans.free, 1), 'limit.status_pages'],
    ['a fifth pro status page', () => checkStatusPageLimit(plans.pro, 4), null],
    ['free email channel', () => checkAlertChannelKind(plans.free, 'email'), null],
    ['free slack channel', () => checkAlertChannelKind(plans.free, 'slack'), 'limit.channel_kind'],
    ['pro slack channel', () => checkAlertChannelKind(plans.pro, 'slack'), null],
    ['pro pagerduty channel', () => checkAlertChannelKind(plans.pro, 'pagerduty'), 'limit.channel_kind'],
    ['business pagerduty channel', () => checkAlertChannelKind(plans.business, 'pagerduty'), null],
    ['free API keys', () => checkFeature(plans.free, 'api_access'), 'limit.api_access'],
    ['pro API keys', () => checkFeature(plans.pro, 'api_access'), 'limit.api_access'],
    ['business API keys', () => checkFeature(plans.business, 'api_access'), null],
    ['pro branding', () => checkFeature(plans.pro, 'custom_branding'), null],
    ['pro custom domain', () => checkFeature(plans.pro, 'custom_domains'), 'limit.custom_domains'],
    ['pro maintenance', () => checkFeature(plans.pro, 'maintenance_windows'), 'limit.maintenance_windows'],
    ['unlimited password pages', () => checkFeature(plans.unlimited, 'password_protected_pages'), null],
  ])('%s → %s', (_, check, code) => {
    expect(check()?.code ?? null).toBe(code);
  });

  it('turns a violation into a limit_exceeded service error', () => {
    const error = limitExceededError(checkFeature(plans.free, 'api_access')!);
    expect(error.code).toBe('limit_exceeded');
    expect(error.message).toBe('The Free plan does not include API access');
    expect(error.details).toEqual({ limitCode: 'limit.api_access', limit: false, path: undefined });
  });
});

describe('monitorsOverLimit', () => {
  it('keeps the oldest monitors that fit and pauses the rest', () => {
    const monitors = [
      { id: 'm1', paused: false, spec: http() },
      { id: 'm2', paused: false, spec: tls },
      { id: 'm3', paused: true, spec: http() },
      { id: 'm4', paused: false, spec: http({ intervalSeconds: 60 }) },
      ...['m5', 'm6', 'm7', 'm8', 'm9'].map((id) => ({ id, paused: false, spec: http() })),
    ];
    const toPause = monitorsOverLimit(plans.free, monitors);
    expect(toPause.map((item) => [item.monitorId, item.violation.code])).toEqual([
      ['m2', 'limit.monitor_kind'],
      ['m4', 'limit.interval'],
      ['m9', 'limit.monitors'],
    ]);
  });

  it('pauses nothing when everything fits', () => {
    expect(monitorsOverLimit(plans.pro, [{ id: 'a', paused: false, spec: tls }])).toEqual([]);
  });
});
