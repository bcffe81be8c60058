import { type Metadata, Server, ServerCredentials, type ServerDuplexStream, status } from '@grpc/grpc-js';
import { monitorSpecSchema, probeSpecOf } from '@vantage/domain';
import {
  type Assignment,
  type ConnectRequest,
  type ConnectResponse,
  ProbeServiceService,
  type ResultBatch,
} from '@vantage/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { ProbeAgent } from './agent.ts';
import type { CheckFunction } from './runner.ts';
import { okOutcome } from './test-support.ts';

interface FakeStream {
  call: ServerDuplexStream<ConnectRequest, ConnectResponse>;
  metadata: Metadata;
  requests: ConnectRequest[];
}

/** A stand-in control plane on 127.0.0.1:0: welcomes (or refuses) probes and records what they send. */
async function startFakeControlPlane(options: { refuseFirst?: boolean } = {}) {
  const streams: FakeStream[] = [];
  const server = new Server();
  server.addService(ProbeServiceService, {
    connect: (call: ServerDuplexStream<ConnectRequest, ConnectResponse>) => {
      const stream = { call, metadata: call.metadata, requests: [] as ConnectRequest[] };
      streams.push(stream);
      call.on('error', () => {});
      call.on('end', () => call.end());
      call.on('data', (request: ConnectRequest) => {
        stream.requests.push(request);
        if (request.message?.$case !== 'hello') return;
        if (options.refuseFirst && streams.length === 1) {
          call.emit('error', { code: status.UNAUTHENTICATED, details: 'Unknown probe token' });
          return;
        }
        call.write({ message: { $case: 'welcome', value: welcome } });
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });
  const batches = (stream: FakeStream | undefined): ResultBatch[] =>
    (stream?.requests ?? []).flatMap((request) =>
      request.message?.$case === 'resultBatch' ? [request.message.value] : [],
    );
  return {
    port,
    streams,
    batches,
    send: (message: ConnectResponse['message']) => streams.at(-1)!.call.write({ message }),
    stop: () => server.forceShutdown(),
  };
}

const welcome = { region: 'eu-west', allowPrivateTargets: true, controlPlaneVersion: '1.0.0' };

function assignment(monitorId: string, url = 'http://127.0.0.1:9/'): Assignment {
  const spec = monitorSpecSchema.parse({
    type: 'http',
    name: 'n',
    url,
    regions: ['eu-west'],
    intervalSeconds: 1,
    timeoutMs: 500,
  });
  return { monitorId, fingerprint: url, specJson: JSON.stringify(probeSpecOf(spec)) };
}

async function until<T>(read: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  options: { refuseFirst?: boolean; ackTimeoutMs?: number; statusIntervalMs?: number } = {},
) {
  const controlPlane = await startFakeControlPlane(options);
  cleanups.push(controlPlane.stop);
  const logs: string[] = [];
  const checked: unknown[] = [];
  const runCheck: CheckFunction = async (spec, _signal, context) => {
    checked.push({ spec, context });
    return okOutcome();
  };
  const agent = new ProbeAgent({
    target: { address: `127.0.0.1:${controlPlane.port}`, tls: false },
    token: 'vp_test_token',
    region: 'eu-west',
    concurrency: 10,
    bufferMaxResults: 1000,
    bufferMaxBytes: 1024 * 1024,
    runCheck,
    backoff: { initialMs: 20, maxMs: 100, refusedMs: 150 },
    ackTimeoutMs: options.ackTimeoutMs,
    statusIntervalMs: options.statusIntervalMs,
    log: (line) => logs.push(line),
  });
  agent.start();
  cleanups.push(() => agent.stop(100));
  return { controlPlane, agent, logs, checked };
}

describe('ProbeSession against a fake control plane', () => {
  it('says hello with its token, version and id', async () => {
    const { controlPlane, agent } = await setup();
    const hasHello = () => (controlPlane.streams[0]?.requests.length ?? 0) > 0;
    const stream = await until(() => hasHello() && controlPlane.streams[0], 'hello');
    expect(stream.metadata.get('authorization')).toEqual(['Bearer vp_test_token']);
    expect(stream.requests[0]?.message).toEqual({
      $case: 'hello',
      value: {
        probeVersion: '1.0.0',
        probeId: agent.probeId,
        hostname: expect.any(String),
        region: 'eu-west',
      },
    });
    await until(() => agent.session.connected, 'welcome');
  });

  it('checks the snapshot and sends results in batches stamped with region and probe', async () => {
    const { controlPlane, agent, checked } = await setup();
    await until(() => agent.session.connected, 'welcome');
    controlPlane.send({ $case: 'snapshot', value: { assignments: [assignment('m1'), assignment('m2')] } });
    await until(() => agent.scheduler.stats().monitors === 2, 'reconcile');
    const results = await until(() => {
      const all = controlPlane.batches(controlPlane.streams[0]).flatMap((batch) => batch.results);
      return new Set(all.map((result) => result.monitorId)).size === 2 && all;
    }, 'results of both monitors');
    expect(results[0]).toMatchObject({
      region: 'eu-west',
      probeId: agent.probeId,
      ok: true,
      statusCode: 200,
    });
    expect(checked[0]).toMatchObject({ context: { region: 'eu-west', allowPrivateTargets: true } });
    controlPlane.send({ $case: 'remove', value: { monitorIds: ['m1'] } });
    await until(() => agent.scheduler.stats().monitors === 1, 'removal');
  });

  it('answers check now at once with the request id', async () => {
    const { controlPlane, agent } = await setup();
    await until(() => agent.session.connected, 'welcome');
    const started = Date.now();
    controlPlane.send({
      $case: 'checkNow',
      value: { checkRequestId: 'req-1', assignment: assignment('m9') },
    });
    const batch = await until(() => controlPlane.batches(controlPlane.streams[0])[0], 'check-now batch');
    expect(Date.now() - started).toBeLessThan(500);
    expect(batch.results).toEqual([expect.objectContaining({ monitorId: 'm9', checkRequestId: 'req-1' })]);
    controlPlane.send({
      $case: 'checkNow',
      value: { checkRequestId: 'req-2', assignment: { ...assignment('m9'), specJson: '{}' } },
    });
    const refused = await until(
      () => controlPlane.batches(controlPlane.streams[0])[1],
      'invalid spec answer',
    );
    expect(refused.results[0]).toMatchObject({ checkRequestId: 'req-2', ok: false });
    expect(refused.results[0]?.error).toContain('m9');
  });

  it('re-sends unacknowledged batches after the stream drops, but not acknowledged ones', async () => {
    const { controlPlane, agent, logs } = await setup();
    await until(() => agent.session.connected, 'welcome');
    const first = controlPlane.streams[0]!;
    controlPlane.send({
      $case: 'checkNow',
      value: { checkRequestId: 'acked', assignment: assignment('m1') },
    });
    const acked = await until(() => controlPlane.batches(first)[0], 'first batch');
    controlPlane.send({ $case: 'ack', value: { batchId: acked.batchId } });
    controlPlane.send({ $case: 'checkNow', value: { checkRequestId: 'lost', assignment: assignment('m1') } });
    const lost = await until(() => controlPlane.batches(first)[1], 'second batch');
    expect(agent.buffer.unacked().map((batch) => batch.batchId)).toEqual([lost.batchId]);

    first.call.emit('error', { code: status.UNAVAILABLE, details: 'control plane restarting' });
    const second = await until(() => controlPlane.streams[1], 'reconnect');
    const resent = await until(() => controlPlane.batches(second)[0], 're-sent batch');
    expect(resent).toEqual(lost);
    expect(controlPlane.batches(second)).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/disconnected \(UNAVAILABLE: control plane restarting\)/);
    controlPlane.send({ $case: 'ack', value: { batchId: lost.batchId } });
    await until(() => agent.buffer.stats().unackedBatches === 0, 'ack of the re-sent batch');
  });

  it('re-sends a batch left unacknowledged on a live stream (a failed insert is never acknowledged)', async () => {
    const { controlPlane, agent, logs } = await setup({ ackTimeoutMs: 200 });
    await until(() => agent.session.connected, 'welcome');
    const stream = controlPlane.streams[0]!;
    controlPlane.send({ $case: 'checkNow', value: { checkRequestId: 'r', assignment: assignment('m1') } });
    const sent = await until(() => controlPlane.batches(stream)[0], 'batch');
    const resent = await until(() => controlPlane.batches(stream)[1], 're-sent batch');
    expect(resent).toEqual(sent);
    expect(controlPlane.streams).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/re-sending 1 result batches unacknowledged for 200 ms/);
    controlPlane.send({ $case: 'ack', value: { batchId: sent.batchId } });
    await until(() => agent.buffer.stats().unackedBatches === 0, 'ack');
  });

  it('reports its buffer depth and scheduled monitors after the welcome and then periodically', async () => {
    const { controlPlane, agent } = await setup({ statusIntervalMs: 100 });
    await until(() => agent.session.connected, 'welcome');
    const reports = () =>
      (controlPlane.streams[0]?.requests ?? []).flatMap((request) =>
        request.message?.$case === 'status' ? [request.message.value] : [],
      );
    await until(() => reports()[0], 'first status');
    expect(reports()[0]).toEqual({ bufferedResults: 0, droppedResults: 0, scheduledMonitors: 0 });
    // The fake control plane never acknowledges: results pile up in the buffer, and the report says so.
    controlPlane.send({ $case: 'snapshot', value: { assignments: [assignment('m1'), assignment('m2')] } });
    await until(
      () =>
        reports().find((candidate) => candidate.scheduledMonitors === 2 && candidate.bufferedResults >= 2),
      'a status with both monitors and their unacknowledged results',
    );
  });

  it('logs a refused token clearly and retries slowly instead of crashing', async () => {
    const { controlPlane, agent, logs } = await setup({ refuseFirst: true });
    await until(() => logs.some((line) => line.includes('refused')), 'refusal log');
    expect(logs.join('\n')).toContain('UNAUTHENTICATED: Unknown probe token');
    expect(agent.session.connected).toBe(false);
    await until(() => agent.session.connected, 'welcome after retry');
    expect(controlPlane.streams).toHaveLength(2);
  });
});
