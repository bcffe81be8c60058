import { randomUUID } from 'node:crypto';
import { useTestServices } from '@vantage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';
import { eventually } from '../../test-support/monitors.ts';
import { connectFakeProbe, type FakeProbe } from '../../test-support/probe-client.ts';

// Probes hold their streams on one instance; the operator asks another, which reads the fleet from Redis.
const services = await useTestServices();
const streams = await startTestControlPlane(services);
const api = await startTestControlPlane(services);
const probes: FakeProbe[] = [];
afterAll(async () => {
  for (const probe of probes) probe.close();
  await streams.stop();
  await api.stop();
});

// The first account of a self-hosted install is an operator.
const { client, orgSlug } = await registerUser(api.url);
const monitorIds: string[] = [];

interface FleetRegion {
  regionId: string;
  live: boolean;
  probes: Array<Record<string, any>>;
  tokens: Array<{ id: string; name: string }>;
}

async function fleet(): Promise<Map<string, FleetRegion>> {
  const response = await client.get('/admin/probes');
  expect(response.status).toBe(200);
  return new Map(response.body.items.map((item: FleetRegion) => [item.regionId, item]));
}

async function connect(region: string, probeVersion: string): Promise<FakeProbe> {
  const issued = await client.post('/admin/probe-tokens', {
    regionId: region,
    name: `${region} ${probeVersion}`,
  });
  expect(issued.status).toBe(201);
  const probe = connectFakeProbe(streams.grpcPort, issued.body.token, { probeVersion, region });
  probes.push(probe);
  await probe.waitFor(() => probe.messages.some((message) => message.message?.$case === 'snapshot'));
  return probe;
}

/** Sends one batch of successful results and waits for its acknowledgement. */
async function sendResults(probe: FakeProbe, count: number): Promise<void> {
  const batchId = randomUUID();
  const results = Array.from({ length: count }, (_, index) => ({
    resultId: randomUUID(),
    monitorId: monitorIds[index % monitorIds.length]!,
    region: 'fleet-a',
    probeId: probe.probeId,
    startedAtMs: Date.now(),
    ok: true,
    failure: '',
    statusCode: 200,
    totalMs: 12,
    resolvedIp: '127.0.0.1',
    tlsIssuer: '',
    error: '',
    checkRequestId: '',
  }));
  probe.send({ message: { $case: 'resultBatch', value: { batchId, results } } });
  await probe.waitFor((candidate) =>
    candidate.messages.some(({ message }) => message?.$case === 'ack' && message.value.batchId === batchId),
  );
}

beforeAll(async () => {
  for (const id of ['fleet-a', 'fleet-b']) {
    expect((await client.post('/admin/regions', { id, name: id, location: '' })).status).toBe(201);
  }
  for (let i = 0; i < 4; i += 1) {
    const response = await client.post(`/orgs/${orgSlug}/monitors`, {
      type: 'tcp',
      name: `Port ${i}`,
      host: '127.0.0.1',
      port: 9000 + i,
      intervalSeconds: 60,
      regions: ['fleet-a'],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    monitorIds.push(response.body.id);
  }
});

describe('the live probe fleet', () => {
  it('shows each live probe with version, assigned monitors, checks/s and buffer depth, across instances', async () => {
    const first = await connect('fleet-a', '1.4.2');
    first.send({
      message: { $case: 'status', value: { bufferedResults: 42, droppedResults: 3, scheduledMonitors: 4 } },
    });
    await sendResults(first, 30);

    const regions = await eventually(fleet, (current) => {
      const probe = current.get('fleet-a')?.probes[0];
      return probe?.assignedMonitors === 4 && probe.bufferedResults === 42;
    });
    const regionA = regions.get('fleet-a')!;
    expect(regionA.live).toBe(true);
    expect(regionA.tokens).toEqual([expect.objectContaining({ name: 'fleet-a 1.4.2' })]);
    expect(regionA.probes).toEqual([
      expect.objectContaining({
        probeId: first.probeId,
        regionId: 'fleet-a',
        tokenId: regionA.tokens[0]!.id,
        tokenName: 'fleet-a 1.4.2',
        version: '1.4.2',
        hostname: 'test',
        droppedResults: 3,
      }),
    ]);
    const probe = regionA.probes[0]!;
    expect(probe.checksPerSecond).toBeGreaterThan(0);
    expect(Date.parse(probe.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(probe.connectedAt));
    expect(regions.get('fleet-b')).toEqual(expect.objectContaining({ live: false, probes: [], tokens: [] }));
  });

  it('splits the assigned monitors between two probes, and a region whose probes left is not live', async () => {
    const second = await connect('fleet-a', '1.5.0');
    // Rendezvous hashing of four random monitor ids may give one probe all four (1 in 8): what must hold
    // is that both are live and every monitor is assigned exactly once.
    const regions = await eventually(
      fleet,
      (current) => {
        const live = current.get('fleet-a')?.probes ?? [];
        return live.length === 2 && live.reduce((sum, probe) => sum + probe.assignedMonitors, 0) === 4;
      },
      15_000,
    );
    // A probe that has not reported its status yet shows no buffer depth rather than a made-up zero.
    const fresh = regions.get('fleet-a')!.probes.find((probe) => probe.probeId === second.probeId);
    expect(fresh).toMatchObject({ version: '1.5.0', bufferedResults: null, checksPerSecond: 0 });

    for (const probe of probes) probe.close();
    const after = await eventually(fleet, (current) => current.get('fleet-a')?.live === false, 20_000);
    expect(after.get('fleet-a')).toMatchObject({
      probes: [],
      tokens: [expect.anything(), expect.anything()],
    });
  }, 60_000);
});
