import { sql } from '@vantage/db';
import { readStatusEvents } from '@vantage/results';
import { useTestServices } from '@vantage/testing';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startEvaluatorFixture } from '../../test-support/evaluator.ts';
import { httpBody, orgIdOf } from '../../test-support/monitors.ts';
import { checkResult, storeMonitor } from '../../test-support/results.ts';

const services = await useTestServices();
const { evaluator, alertQueue, url } = await startEvaluatorFixture(services);
const owner = await registerUser(url);
const orgId = await orgIdOf(services, owner.orgSlug);
const base = `/orgs/${owner.orgSlug}/maintenance-windows`;
const hour = 3_600_000;

const newMonitor = async () => (await storeMonitor(services, orgId, httpBody({ regions: ['eu-west'] }))).id;

describe('maintenance windows', () => {
  it('creates, lists, changes and deletes one-off and recurring windows, with their next occurrences', async () => {
    const monitorId = await newMonitor();
    const oneOff = await owner.client.post(base, {
      title: 'DB upgrade',
      monitorIds: [monitorId],
      startsAt: '2030-01-01T02:00:00Z',
      endsAt: '2030-01-01T03:00:00Z',
    });
    expect(oneOff.status).toBe(201);
    expect(oneOff.body).toMatchObject({
      rrule: null,
      durationMinutes: null,
      endsAt: '2030-01-01T03:00:00.000Z',
    });
    const weekly = await owner.client.post(base, {
      title: 'Sunday patching',
      monitorIds: [monitorId],
      startsAt: '2026-01-04T02:00:00Z',
      rrule: 'RRULE:FREQ=WEEKLY;BYDAY=SU',
      durationMinutes: 90,
    });
    expect(weekly.status).toBe(201);
    expect(weekly.body.rrule).toBe('FREQ=WEEKLY;BYDAY=SU');
    const occurrences = await owner.client.get(`${base}/${weekly.body.id}/occurrences?count=3`);
    expect(occurrences.status).toBe(200);
    const items = occurrences.body.items as Array<{ startsAt: string; endsAt: string }>;
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(new Date(item.startsAt).getUTCDay()).toBe(0);
      expect(item.startsAt).toMatch(/T02:00:00.000Z$/);
      expect(Date.parse(item.endsAt) - Date.parse(item.startsAt)).toBe(90 * 60_000);
    }
    expect(Date.parse(items[1]!.startsAt) - Date.parse(items[0]!.startsAt)).toBe(7 * 24 * hour);
    const once = await owner.client.get(`${base}/${oneOff.body.id}/occurrences`);
    expect(once.body.items).toEqual([
      { startsAt: '2030-01-01T02:00:00.000Z', endsAt: '2030-01-01T03:00:00.000Z' },
    ]);

    const patched = await owner.client.patch(`${base}/${weekly.body.id}`, { durationMinutes: 30 });
    expect(patched.status).toBe(200);
    expect(patched.body.durationMinutes).toBe(30);
    expect((await owner.client.get(base)).body.items).toHaveLength(2);
    expect((await owner.client.delete(`${base}/${oneOff.body.id}`)).status).toBe(204);
    expect((await owner.client.get(`${base}/${oneOff.body.id}`)).status).toBe(404);
    const audit = await owner.client.get(`/orgs/${owner.orgSlug}/audit-log`);
    const actions = (audit.body.items as Array<{ action: string }>).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'maintenance_window.create',
        'maintenance_window.update',
        'maintenance_window.delete',
      ]),
    );
  });

  it.each([
    [{ rrule: 'FREQ=SOMETIMES', durationMinutes: 30 }, 'body.rrule'],
    [{ rrule: 'FREQ=DAILY;BYDAY=XX', durationMinutes: 30 }, 'body.rrule'],
    [{ rrule: 'FREQ=DAILY;COUNT=abc', durationMinutes: 30 }, 'body.rrule'],
    [{ rrule: 'FREQ=MINUTELY', durationMinutes: 30 }, 'body.rrule'],
    [{ rrule: 'FREQ=DAILY;UNTIL=20200101T000000Z', durationMinutes: 30 }, 'body.rrule'],
    [{ rrule: 'FREQ=DAILY' }, 'body.durationMinutes'],
    [{ endsAt: '2025-12-31T00:00:00Z' }, 'body.endsAt'],
    [{}, 'body.endsAt'],
    [
      { endsAt: '2026-02-01T00:00:00Z', monitorIds: ['00000000-0000-4000-8000-000000000000'] },
      'body.monitorIds',
    ],
  ])('refuses %j with 400 naming %s', async (fields, path) => {
    const monitorId = await newMonitor();
    const response = await owner.client.post(base, {
      title: 'Bad',
      monitorIds: [monitorId],
      startsAt: '2026-01-01T00:00:00Z',
      ...fields,
    });
    expect(response.status).toBe(400);
    expect((response.body.error.details as Array<{ path: string }>).map((detail) => detail.path)).toContain(
      path,
    );
  });

  it("is a plan feature (402), hides other organizations' windows (404) and refuses viewers (403)", async () => {
    const other = await registerUser(url);
    const otherOrgId = await orgIdOf(services, other.orgSlug);
    const otherMonitor = (await storeMonitor(services, otherOrgId, httpBody({ regions: ['eu-west'] }))).id;
    const theirs = await other.client.post(`/orgs/${other.orgSlug}/maintenance-windows`, {
      title: 'Theirs',
      monitorIds: [otherMonitor],
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-01-02T00:00:00Z',
    });
    expect(theirs.status).toBe(201);
    expect((await owner.client.get(`${base}/${theirs.body.id}`)).status).toBe(404);
    expect((await owner.client.delete(`${base}/${theirs.body.id}`)).status).toBe(404);
    expect((await owner.client.patch(`${base}/${theirs.body.id}`, { title: 'Mine' })).status).toBe(404);
    // Another organization's monitor cannot be put in my window.
    const stolen = await owner.client.post(base, {
      title: 'x',
      monitorIds: [otherMonitor],
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-01-02T00:00:00Z',
    });
    expect(stolen.status).toBe(400);

    const viewer = await registerUser(url);
    await services.db.query(sql.unsafe`
      INSERT INTO memberships (org_id, user_id, role) VALUES (${otherOrgId}, ${viewer.userId}, 'viewer')`);
    const path = `/orgs/${other.orgSlug}/maintenance-windows`;
    expect((await viewer.client.get(path)).status).toBe(200);
    expect((await viewer.client.delete(`${path}/${theirs.body.id}`)).status).toBe(403);

    await services.db.query(sql.unsafe`UPDATE organizations SET plan = 'free' WHERE id = ${otherOrgId}`);
    const refused = await other.client.post(path, {
      title: 'Free',
      monitorIds: [otherMonitor],
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-01-02T00:00:00Z',
    });
    expect(refused.status).toBe(402);
    expect(refused.body.error.details.limitCode).toBe('limit.maintenance_windows');
  });
});

describe('maintenance and the evaluator', () => {
  it('shows maintenance, raises no alert during the window, and records it in the timeline', async () => {
    const monitorId = await newMonitor();
    const t = Date.now() - 30_000;
    const result = (offsetMs: number, ok: boolean) =>
      checkResult(monitorId, { startedAt: new Date(t + offsetMs), ok, failure: ok ? null : 'connect' });
    await evaluator.accept([result(0, true)]);
    const window = await owner.client.post(base, {
      title: 'Now',
      monitorIds: [monitorId],
      startsAt: new Date(t + 1_000).toISOString(),
      endsAt: new Date(Date.now() + hour).toISOString(),
    });
    expect(window.status).toBe(201);
    await evaluator.sweep();
    const status = () =>
      services.db.oneFirst(sql.unsafe`SELECT status FROM monitors WHERE id = ${monitorId}`);
    expect(await status()).toBe('maintenance');
    await evaluator.accept([result(2_000, false), result(3_000, false), result(4_000, false)]);
    expect(await status()).toBe('maintenance');
    const alerts = async () =>
      (await alertQueue.getJobs()).map((job) => job.data).filter((event) => event.monitorId === monitorId);
    expect(await alerts()).toEqual([]);
    const incidents = await owner.client.get(`/orgs/${owner.orgSlug}/incidents`);
    expect(
      incidents.body.items.filter((i: { monitorIds: string[] }) => i.monitorIds.includes(monitorId)),
    ).toEqual([]);

    // Ending the window early: the monitor shows what it is (down) and that is announced once.
    expect((await owner.client.delete(`${base}/${window.body.id}`)).status).toBe(204);
    await evaluator.sweep();
    expect(await status()).toBe('down');
    expect((await alerts()).map((event) => event.kind).filter((kind) => kind.startsWith('monitor.'))).toEqual(
      ['monitor.down'],
    );
    const timeline = await readStatusEvents(services.results, {
      orgId,
      monitorId,
      from: new Date(0),
      to: new Date(Date.now() + hour),
      scope: 'monitor',
    });
    expect(timeline.map((event) => `${event.from}>${event.to}`)).toEqual([
      'unknown>up',
      'up>maintenance',
      'maintenance>down',
    ]);
  });
});
