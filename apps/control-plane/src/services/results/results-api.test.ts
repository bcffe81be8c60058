import { randomUUID } from 'node:crypto';
import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { httpBody, insertPlatformRegions } from '../../test-support/monitors.ts';
import { checkResult, testIngest } from '../../test-support/results.ts';

// Needs the results and heartbeat handlers in http/routes.ts and the ingest in the app context.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
const ingest = testIngest(services);
afterAll(async () => {
  await ingest.close();
  await controlPlane.stop();
});
const { url } = controlPlane;
await insertPlatformRegions(services);
const owner = await registerUser(url);
const other = await registerUser(url);
const monitor = (await owner.client.post(`/orgs/${owner.orgSlug}/monitors`, httpBody())).body;
const resultsPath = `/orgs/${owner.orgSlug}/monitors/${monitor.id}/results`;
const east = checkResult(monitor.id, { region: 'us-east', startedAt: new Date(Date.now() - 1_000) });
const west = checkResult(monitor.id, { ok: false, failure: 'connect', statusCode: null, error: 'refused' });
await ingest.submit({
  batchId: randomUUID(),
  probeId: west.probeId,
  region: 'eu-west',
  results: [east, west],
});

describe('GET /orgs/{org}/monitors/{id}/results', () => {
  it('lists the latest results newest first, in the API shape', async () => {
    const response = await owner.client.get(resultsPath);
    expect(response.status).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items).toHaveLength(2);
    expect(response.body.items[0]).toEqual({
      monitorId: monitor.id,
      region: 'eu-west',
      probeId: west.probeId,
      startedAt: west.startedAt.toISOString(),
      ok: false,
      failure: 'connect',
      statusCode: null,
      dnsMs: 3,
      connectMs: 5,
      tlsMs: null,
      ttfbMs: 20,
      totalMs: 31,
      resolvedIp: '93.184.215.14',
      tlsExpiresAt: null,
      error: 'refused',
    });
  });

  it('filters by region and limits the count', async () => {
    const east = await owner.client.get(`${resultsPath}?region=us-east`);
    expect(east.body.items.map((item: { region: string }) => item.region)).toEqual(['us-east']);
    expect((await owner.client.get(`${resultsPath}?limit=1`)).body.items).toHaveLength(1);
  });

  it.each(['0', '1001', 'many'])('rejects limit=%s naming the field', async (limit) => {
    const response = await owner.client.get(`${resultsPath}?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('query.limit');
  });

  it("answers 404 for another organization's monitor and an unknown one", async () => {
    const stolen = await other.client.get(`/orgs/${other.orgSlug}/monitors/${monitor.id}/results`);
    expect(stolen.status).toBe(404);
    const unknown = await owner.client.get(`/orgs/${owner.orgSlug}/monitors/${randomUUID()}/results`);
    expect(unknown.status).toBe(404);
    expect((await other.client.get(resultsPath)).status).toBe(404);
  });
});

describe('heartbeat pings over HTTP', () => {
  it('record a push row by GET or POST, readable through the results API', async () => {
    const created = await owner.client.post(`/orgs/${owner.orgSlug}/monitors`, {
      type: 'heartbeat',
      name: 'Nightly backup',
      expectedEverySeconds: 3600,
    });
    expect(created.status).toBe(201);
    const pingPath = new URL(created.body.heartbeatUrl).pathname.replace('/api/v1', '');
    const ping = await fetch(`${url}/api/v1${pingPath}`);
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ ok: true, paused: false });
    const posted = await fetch(`${url}/api/v1${pingPath}`, { method: 'POST', body: 'backup done' });
    expect(posted.status).toBe(200);
    const results = await owner.client.get(`/orgs/${owner.orgSlug}/monitors/${created.body.id}/results`);
    expect(results.body.items[0]).toMatchObject({ region: 'push', ok: true, totalMs: 0 });
    expect(results.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it('answer 404 for an unknown token and 200 without a row for a paused monitor', async () => {
    expect((await fetch(`${url}/api/v1/heartbeat/not-a-token`)).status).toBe(404);
    const created = await owner.client.post(`/orgs/${owner.orgSlug}/monitors`, {
      type: 'heartbeat',
      name: 'Paused job',
      expectedEverySeconds: 3600,
    });
    await services.db.query(sql.unsafe`UPDATE monitors SET paused = true WHERE id = ${created.body.id}`);
    const paused = await fetch(`${url}${new URL(created.body.heartbeatUrl).pathname}`);
    expect(await paused.json()).toEqual({ ok: true, paused: true });
  });
});
