// A load generator standing in for probes: one gRPC Connect stream per token (each its own channel and
// probe id), Hello, then ResultBatches of `batchSize` results sent as fast as acks allow (`window` batches
// in flight per stream). Batch k of every stream holds one result per monitor, so each acknowledged batch
// adds exactly one result to each monitor. Reports results/s from first send to last ack.
// Usage: node ingest-load.ts '<json LoadPlan>'
import { randomUUID } from 'node:crypto';
import { type ClientDuplexStream, credentials, Metadata } from '@grpc/grpc-js';
import {
  type CheckResult,
  type ConnectRequest,
  type ConnectResponse,
  ProbeServiceClient,
  type ResultBatch,
} from '@vantage/proto';
import { quantile } from '../table.ts';

/** What the parent asks for. */
export interface LoadPlan {
  address: string;
  tokens: string[];
  monitorIds: string[];
  batchesPerStream: number;
  window: number;
  /** No new batch is sent after this long; the ones in flight are still awaited. */
  maxSendMs: number;
}

type Call = ClientDuplexStream<ConnectRequest, ConnectResponse>;

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;

function batchOf(probeId: string, monitorIds: readonly string[], startedAtMs: number): ResultBatch {
  const results = monitorIds.map(
    (monitorId, i): CheckResult => ({
      resultId: randomUUID(),
      monitorId,
      region: '',
      probeId,
      startedAtMs: startedAtMs + i,
      ok: i % 50 !== 0,
      failure: i % 50 !== 0 ? '' : 'timeout',
      statusCode: i % 50 !== 0 ? 200 : 0,
      dnsMs: 3,
      connectMs: 12,
      tlsMs: 25,
      ttfbMs: 48,
      totalMs: 90 + (i % 40),
      resolvedIp: '203.0.113.10',
      tlsExpiresAtMs: startedAtMs + 30 * 86_400_000,
      tlsIssuer: 'Bench CA',
      error: i % 50 !== 0 ? '' : 'No answer within 10000 ms',
      checkRequestId: '',
    }),
  );
  return { batchId: randomUUID(), results };
}

/** Opens a stream, says Hello and resolves once welcomed. */
function connect(token: string, probeId: string): Promise<{ call: Call; client: ProbeServiceClient }> {
  const client = new ProbeServiceClient(plan.address, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const call = client.connect(metadata);
  return new Promise((resolve, reject) => {
    call.on('error', reject);
    call.on('data', function onWelcome(message: ConnectResponse) {
      if (message.message?.$case !== 'welcome') return;
      call.off('data', onWelcome);
      resolve({ call, client });
    });
    call.write({ message: { $case: 'hello', value: { probeVersion: '1.0.0', probeId, hostname: 'bench' } } });
  });
}

interface StreamTally {
  ackedResults: number;
  ackLatenciesMs: number[];
}

/** Sends every batch with at most `window` unacknowledged; resolves when all sent batches are acked. */
function drive(call: Call, batches: ResultBatch[], startMs: number): Promise<StreamTally> {
  const tally: StreamTally = { ackedResults: 0, ackLatenciesMs: [] };
  const sentAtMs = new Map<string, { atMs: number; size: number }>();
  let next = 0;
  return new Promise((resolve, reject) => {
    const sendMore = () => {
      while (sentAtMs.size < plan.window && next < batches.length) {
        if (performance.now() - startMs > plan.maxSendMs) break;
        const batch = batches[next++]!;
        sentAtMs.set(batch.batchId, { atMs: performance.now(), size: batch.results.length });
        call.write({ message: { $case: 'resultBatch', value: batch } });
      }
      if (sentAtMs.size === 0) resolve(tally);
    };
    call.on('error', reject);
    call.on('data', (message: ConnectResponse) => {
      if (message.message?.$case !== 'ack') return;
      const sent = sentAtMs.get(message.message.value.batchId);
      if (!sent) return;
      sentAtMs.delete(message.message.value.batchId);
      tally.ackedResults += sent.size;
      tally.ackLatenciesMs.push(performance.now() - sent.atMs);
      sendMore();
    });
    sendMore();
  });
}

const nowMs = Date.now() - 3_600_000;
const streams = await Promise.all(
  plan.tokens.map(async (token) => {
    const probeId = randomUUID();
    // Built before the clock starts: the generator's own CPU is spent on sending, as a probe's would be.
    const batches = Array.from({ length: plan.batchesPerStream }, (_, k) =>
      batchOf(probeId, plan.monitorIds, nowMs + k * 1000),
    );
    return { ...(await connect(token, probeId)), batches };
  }),
);
const startMs = performance.now();
const tallies = await Promise.all(streams.map(({ call, batches }) => drive(call, batches, startMs)));
const elapsedMs = performance.now() - startMs;
for (const { call, client } of streams) {
  call.end();
  client.close();
}
const ackedResults = tallies.reduce((sum, tally) => sum + tally.ackedResults, 0);
const latencies = tallies.flatMap((tally) => tally.ackLatenciesMs).sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    ackedResults,
    ackedBatches: latencies.length,
    elapsedMs,
    resultsPerSecond: ackedResults / (elapsedMs / 1000),
    ackP50Ms: quantile(latencies, 0.5),
    ackP99Ms: quantile(latencies, 0.99),
  })}\n`,
  () => process.exit(0),
);
