import { randomUUID } from 'node:crypto';
import { useTestServices } from '@vantage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { connectFakeProbe, type FakeProbe } from '../test-support/probe-client.ts';

// Two control-plane instances on the same Postgres, Redis and ClickHouse, with a probe on each.
const services = await useTestServices();
const first = await startTestControlPlane(services);
const second = await startTestControlPlane(services);
const probes: FakeProbe[] = [];
afterAll(async () => {
  for (const probe of probes) probe.close();
  await first.stop();
  await second.stop();
});

const { client, orgSlug } = await registerUser(first.url);
const monitorIds: string[] = [];

async function token(): Promise<string> {
  const response = await client.post('/admin/probe-tokens', {
    regionId: 'eu-west',
    name: `probe ${randomUUID()}`,
  });
  return response.body.token;
}

beforeAll(async () => {
  expect((await client.post('/admin/regions', { id: 'eu-west', name: 'EU West', location: '' })).status).toBe(
    201,
  );
  for (let i = 0; i < 10; i += 1) {
    const response = await client.post(`/orgs/${orgSlug}/monitors`, {
      type: 'tcp',
      name: `Port ${i}`,
      host: '93.184.215.14',
      port: 443 + i,
      intervalSeconds: 60,
      regions: ['eu-west'],
    });
    monitorIds.push(response.body.id);
  }
});

describe('two control-plane instances', () => {
  it('split a region between probes connected to different instances, and reassign when one probe leaves', async () => {
    const onFirst = connectFakeProbe(first.grpcPort, await token());
    const onSecond = connectFakeProbe(second.grpcPort, await token());
    probes.push(onFirst, onSecond);
    await onFirst.waitFor(
      () =>
        onFirst.assigned().size + onSecond.assigned().size === 10 &&
        onFirst.assigned().size > 0 &&
        onSecond.assigned().size > 0 &&
        [...onFirst.assigned()].every((id) => !onSecond.assigned().has(id)),
    );
    onSecond.close();
    await onFirst.waitFor(() => onFirst.assigned().size === 10);
  });

  it('deliver an edit made through one instance to the probe held by the other', async () => {
    for (const probe of probes.splice(0)) probe.close();
    const probe = connectFakeProbe(second.grpcPort, await token());
    probes.push(probe);
    await probe.waitFor(() => probe.assigned().size === 10);
    const id = monitorIds[3]!;
    expect((await client.patch(`/orgs/${orgSlug}/monitors/${id}`, { port: 8443 })).status).toBe(200);
    await probe.waitFor(() =>
      probe.messages.some(
        (message) =>
          message.message?.$case === 'upsert' &&
          message.message.value.assignments.some(
            (assignment) => JSON.parse(assignment.specJson).port === 8443,
          ),
      ),
    );
  });
});
