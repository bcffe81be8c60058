import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startEvaluatorFixture } from '../../test-support/evaluator.ts';
import { httpBody, orgIdOf } from '../../test-support/monitors.ts';
import { storeMonitor } from '../../test-support/results.ts';

const services = await useTestServices();
const { evaluator, alertQueue, url } = await startEvaluatorFixture(services);

describe('manual incidents', () => {
  it('opens, updates through investigating → resolved, reopens, lists newest first, deletes; alerts each change', async () => {
    const owner = await registerUser(url);
    const orgId = await orgIdOf(services, owner.orgSlug);
    const monitorId = (await storeMonitor(services, orgId, httpBody({ regions: ['eu-west'] }))).id;
    const base = `/orgs/${owner.orgSlug}/incidents`;
    const created = await owner.client.post(base, {
      title: 'Checkout errors',
      impact: 'major',
      monitorIds: [monitorId],
      message: 'We are looking into failed payments',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'investigating',
      impact: 'major',
      automatic: false,
      monitorIds: [monitorId],
      resolvedAt: null,
      durationSeconds: null,
      updates: [{ status: 'investigating', message: 'We are looking into failed payments' }],
    });
    const id = created.body.id as string;
    const second = await owner.client.post(base, { title: 'Slow dashboard' });
    expect(second.body).toMatchObject({ impact: 'minor', status: 'investigating', monitorIds: [] });

    for (const status of ['identified', 'monitoring', 'resolved']) {
      const update = await owner.client.post(`${base}/${id}/updates`, { status, message: `now ${status}` });
      expect(update.status).toBe(201);
      expect(update.body.status).toBe(status);
    }
    const resolved = await owner.client.get(`${base}/${id}`);
    expect(resolved.body.updates.map((u: { status: string }) => u.status)).toEqual([
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]);
    expect(resolved.body.resolvedAt).not.toBeNull();
    expect(resolved.body.durationSeconds).toBeGreaterThanOrEqual(0);

    const listed = await owner.client.get(base);
    expect(listed.body.items.map((i: { title: string }) => i.title)).toEqual([
      'Slow dashboard',
      'Checkout errors',
    ]);
    const open = await owner.client.get(`${base}?status=open`);
    expect(open.body.items.map((i: { title: string }) => i.title)).toEqual(['Slow dashboard']);
    const done = await owner.client.get(`${base}?status=resolved`);
    expect(done.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const paged = await owner.client.get(`${base}?limit=1`);
    expect(paged.body.items).toHaveLength(1);
    const rest = await owner.client.get(`${base}?limit=1&cursor=${paged.body.nextCursor}`);
    expect(rest.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(rest.body.nextCursor).toBeNull();

    const reopened = await owner.client.post(`${base}/${id}/updates`, {
      status: 'investigating',
      message: 'Back',
    });
    expect(reopened.body).toMatchObject({ status: 'investigating', resolvedAt: null });
    const patched = await owner.client.patch(`${base}/${id}`, { title: 'Checkout down', impact: 'critical' });
    expect(patched.body).toMatchObject({ title: 'Checkout down', impact: 'critical' });

    await evaluator.sweep();
    const jobs = (await alertQueue.getJobs())
      .map((job) => job.data)
      .filter((event) => event.incidentId === id);
    expect(jobs.map((event) => event.kind).sort()).toEqual([
      'incident.created',
      'incident.resolved',
      'incident.updated',
      'incident.updated',
      'incident.updated',
    ]);

    expect((await owner.client.delete(`${base}/${id}`)).status).toBe(204);
    expect((await owner.client.get(`${base}/${id}`)).status).toBe(404);
    const audit = await owner.client.get(`/orgs/${owner.orgSlug}/audit-log`);
    const actions = (audit.body.items as Array<{ action: string }>).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['incident.create', 'incident.update', 'incident.delete']),
    );
  });

  it.each([
    [{ title: '' }, 'body.title'],
    [{ title: 'x', impact: 'apocalyptic' }, 'body.impact'],
    [{ title: 'x', status: 'panicking' }, 'body.status'],
    [{ title: 'x', color: 'red' }, 'body'],
    [{ title: 'x', monitorIds: ['00000000-0000-4000-8000-000000000000'] }, 'body.monitorIds'],
  ])('refuses %j with 400 naming %s', async (body, path) => {
    const owner = await registerUser(url);
    const response = await owner.client.post(`/orgs/${owner.orgSlug}/incidents`, body);
    expect(response.status).toBe(400);
    const paths = (response.body.error.details as Array<{ path: string }>).map((detail) => detail.path);
    expect(paths.some((candidate) => candidate.startsWith(path))).toBe(true);
    expect((await owner.client.get(`/orgs/${owner.orgSlug}/incidents`)).body.items).toEqual([]);
  });

  it("answers 404 for another organization's incident and 403 to a viewer's writes", async () => {
    const a = await registerUser(url);
    const b = await registerUser(url);
    const theirs = await b.client.post(`/orgs/${b.orgSlug}/incidents`, { title: 'B only' });
    const path = `/orgs/${a.orgSlug}/incidents/${theirs.body.id}`;
    expect((await a.client.get(path)).status).toBe(404);
    expect((await a.client.patch(path, { title: 'mine' })).status).toBe(404);
    expect((await a.client.delete(path)).status).toBe(404);
    expect((await a.client.post(`${path}/updates`, { status: 'resolved', message: 'x' })).status).toBe(404);
    expect((await b.client.get(`/orgs/${b.orgSlug}/incidents/${theirs.body.id}`)).body.title).toBe('B only');

    const viewer = await registerUser(url);
    await services.db.query(sql.unsafe`
      INSERT INTO memberships (org_id, user_id, role)
      SELECT id, ${viewer.userId}, 'viewer' FROM organizations WHERE slug = ${b.orgSlug}`);
    expect((await viewer.client.get(`/orgs/${b.orgSlug}/incidents`)).status).toBe(200);
    expect((await viewer.client.post(`/orgs/${b.orgSlug}/incidents`, { title: 'no' })).status).toBe(403);
    const update = await viewer.client.post(`/orgs/${b.orgSlug}/incidents/${theirs.body.id}/updates`, {
      status: 'resolved',
      message: 'no',
    });
    expect(update.status).toBe(403);
  });
});
