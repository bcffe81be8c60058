import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { status } from '@grpc/grpc-js';
import { useTestServices } from '@vantage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { connectFakeProbe, type FakeProbe } from '../test-support/probe-client.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
const probes: FakeProbe[] = [];
afterAll(async () => {
  for (const probe of probes) probe.close();
  await controlPlane.stop();
});

// The first account of a self-hosted install is an operator.
const operator = await registerUser(controlPlane.url);
const { client, orgSlug } = operator;
const monitorIds: string[] = [];

async function issueToken(regionId: string): Promise<string> {
  const response = await client.post('/admin/probe-tokens', { regionId, name: `probe ${randomUUID()}` });
  expect(response.status).toBe(201);
  return response.body.token;
}

function connect(token: string, hello: Parameters<typeof connectFakeProbe>[2] = {}): FakeProbe {
  const probe = connectFakeProbe(controlPlane.grpcPort, token, hello);
  probes.push(probe);
  return probe;
}

beforeAll(async () => {
  for (const id of ['eu-west', 'us-east']) {
    expect((await client.post('/admin/regions', { id, name: id, location: '' })).status).toBe(201);
  }
  for (let i = 0; i < 12; i += 1) {
    const response = await client.post(`/orgs/${orgSlug}/monitors`, {
      type: 'http',
      name: `Site ${i}`,
      url: `http://93.184.215.14/${i}`,
      intervalSeconds: 60,
      regions: ['eu-west'],
    });
    expect(response.status).toBe(201);
    monitorIds.push(response.body.id);
  }
});

describe('probe authentication', () => {
  it('refuses an unknown token with UNAUTHENTICATED', async () => {
    const probe = connect(`vp_${'x'.repeat(43)}`);
    expect(await probe.closed).toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it('refuses an incompatible major version with a clear FAILED_PRECONDITION', async () => {
    const probe = connect(await issueToken('eu-west'), { probeVersion: '2.0.0' });
    const result = await probe.closed;
    expect(result.code).toBe(status.FAILED_PRECONDITION);
    expect(result.details).toMatch(/2\.0\.0 is not supported.*1\.x/);
  });

  it('refuses a token of another region with PERMISSION_DENIED', async () => {
    const probe = connect(await issueToken('eu-west'), { region: 'us-east' });
    expect(await probe.closed).toMatchObject({ code: status.PERMISSION_DENIED });
  });

  it('keeps serving probes after garbage arrives on the port', async () => {
    await new Promise<void>((resolve) => {
      const socket = createConnection({ port: controlPlane.grpcPort, host: '127.0.0.1' }, () => {
        socket.write(Buffer.from('GET / HTTP/1.1\r\n\r\n\x00\x01garbage'), () => socket.destroy());
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    const probe = connect(await issueToken('us-east'));
    await probe.waitFor((candidate) =>
      candidate.messages.some((message) => message.message?.$case === 'snapshot'),
    );
  });
});

describe('assignment', () => {
  it('gives one probe every monitor of its region, spreads them when a second joins, and takes them back when it leaves', async () => {
    const first = connect(await issueToken('eu-west'));
    await first.waitFor((probe) => probe.assigned().size === 12);
    const second = connect(await issueToken('eu-west'));
    await second.waitFor(
      () => first.assigned().size + second.assigned().size === 12 && second.assigned().size > 0,
    );
    const overlap = [...first.assigned()].filter((id) => second.assigned().has(id));
    expect(overlap).toEqual([]);
    expect(first.assigned().size).toBeGreaterThan(0);
    const secondShare = [...second.assigned()];
    second.close();
    await first.waitFor((probe) => probe.assigned().size === 12);
    expect(secondShare.every((id) => first.assigned().has(id))).toBe(true);
  });

  it('pushes an edited monitor to its probe and removes a paused one', async () => {
    for (const earlier of probes.splice(0)) earlier.close();
    const probe = connect(await issueToken('eu-west'));
    await probe.waitFor((candidate) => candidate.assigned().size === 12);
    const id = monitorIds[0]!;
    const before = probe.messages.length;
    expect((await client.patch(`/orgs/${orgSlug}/monitors/${id}`, { intervalSeconds: 120 })).status).toBe(
      200,
    );
    await probe.waitFor((candidate) =>
      candidate.messages
        .slice(before)
        .some(
          (message) =>
            message.message?.$case === 'upsert' &&
            message.message.value.assignments.some(
              (assignment) =>
                assignment.monitorId === id && JSON.parse(assignment.specJson).intervalSeconds === 120,
            ),
        ),
    );
    expect((await client.post(`/orgs/${orgSlug}/monitors/${id}/pause`)).status).toBe(200);
    await probe.waitFor((candidate) => !candidate.assigned().has(id));
    expect((await client.post(`/orgs/${orgSlug}/monitors/${id}/resume`)).status).toBe(200);
    await probe.waitFor((candidate) => candidate.assigned().has(id));
  });

  it('closes the stream of a probe whose token is revoked', async () => {
    const created = await client.post('/admin/probe-tokens', { regionId: 'us-east', name: 'to revoke' });
    const probe = connect(created.body.token);
    await probe.waitFor((candidate) =>
      candidate.messages.some((message) => message.message?.$case === 'welcome'),
    );
    expect((await client.delete(`/admin/probe-tokens/${created.body.probeToken.id}`)).status).toBe(204);
    expect(await probe.closed).toMatchObject({ code: status.UNAUTHENTICATED });
  });
});

describe('results and one-shot checks', () => {
  it('acknowledges a result batch', async () => {
    const probe = connect(await issueToken('us-east'));
    await probe.waitFor((candidate) =>
      candidate.messages.some((message) => message.message?.$case === 'welcome'),
    );
    const batchId = randomUUID();
    probe.send({
      message: {
        $case: 'resultBatch',
        value: {
          batchId,
          results: [
            {
              resultId: randomUUID(),
              monitorId: monitorIds[1]!,
              region: 'us-east',
              probeId: probe.probeId,
              startedAtMs: Date.now(),
              ok: true,
              failure: '',
              statusCode: 200,
              totalMs: 12,
              resolvedIp: '93.184.215.14',
              tlsIssuer: '',
              error: '',
              checkRequestId: '',
            },
          ],
        },
      },
    });
    await probe.waitFor((candidate) =>
      candidate.messages.some(
        (message) => message.message?.$case === 'ack' && message.message.value.batchId === batchId,
      ),
    );
  });

  it('runs "check now" through the owning probe and returns its result', async () => {
    // The only live probe of the region, so it owns every monitor there.
    for (const earlier of probes.splice(0)) earlier.close();
    const probe = connect(await issueToken('eu-west'));
    await probe.waitFor((candidate) => candidate.assigned().size > 0);
    // Answer every one-shot check this fake probe receives.
    const answered = new Set<string>();
    const answering = setInterval(() => {
      for (const { message } of probe.messages) {
        if (message?.$case !== 'checkNow' || answered.has(message.value.checkRequestId)) continue;
        answered.add(message.value.checkRequestId);
        probe.send({
          message: {
            $case: 'resultBatch',
            value: {
              batchId: randomUUID(),
              results: [
                {
                  resultId: randomUUID(),
                  monitorId: message.value.assignment!.monitorId,
                  region: 'eu-west',
                  probeId: probe.probeId,
                  startedAtMs: Date.now(),
                  ok: false,
                  failure: 'http_status',
                  statusCode: 503,
                  totalMs: 40,
                  resolvedIp: '93.184.215.14',
                  tlsIssuer: '',
                  error: 'expected 2xx, got 503',
                  checkRequestId: message.value.checkRequestId,
                },
              ],
            },
          },
        });
      }
    }, 10);
    try {
      const response = await client.post(`/orgs/${orgSlug}/monitors/${monitorIds[2]}/check`, {});
      expect(response.status).toBe(200);
      expect(response.body.results).toEqual([
        expect.objectContaining({
          region: 'eu-west',
          error: null,
          result: expect.objectContaining({ ok: false, failure: 'http_status', statusCode: 503 }),
        }),
      ]);
    } finally {
      clearInterval(answering);
    }
  });
});
