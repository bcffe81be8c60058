import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkResultToProto } from '@vantage/proto';
import { afterAll, describe, expect, it } from 'vitest';
import { stripsTypes } from '../bin/node-version.js';
import { ProbeAgent } from './agent.ts';
import { ResultBuffer } from './buffer.ts';
import { createProbeMetrics } from './metrics.ts';
import { loadUnacked, saveUnacked, spoolFileName } from './spool.ts';
import { startStatusServer } from './status-server.ts';
import { okOutcome } from './test-support.ts';

const dir = await mkdtemp(join(tmpdir(), 'vantage-probe-ops-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function result(monitorId: string, ok = true) {
  return {
    ...okOutcome(),
    ok,
    failure: ok ? null : ('timeout' as const),
    resultId: crypto.randomUUID(),
    monitorId,
    region: 'eu-west',
    probeId: crypto.randomUUID(),
    startedAt: new Date(),
    checkRequestId: null,
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the unacknowledged-results file (upgrades)', () => {
  it('hands the next process of the same token the same batches, once', async () => {
    const batch = {
      batchId: crypto.randomUUID(),
      sizeBytes: 120,
      results: [result('m1'), result('m2', false)].map(checkResultToProto),
    };
    expect(await saveUnacked(dir, 'vp_token', [batch])).toBe(2);
    const lines: string[] = [];
    expect(await loadUnacked(dir, 'vp_token', (line) => lines.push(line))).toEqual([batch]);
    expect(await readdir(dir)).toEqual([]);
    expect(await loadUnacked(dir, 'vp_token', (line) => lines.push(line))).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('discards a file saved under another token, or one that is not JSON, and says so', async () => {
    const batch = {
      batchId: crypto.randomUUID(),
      sizeBytes: 60,
      results: [checkResultToProto(result('m1'))],
    };
    await saveUnacked(dir, 'vp_old', [batch]);
    const lines: string[] = [];
    expect(await loadUnacked(dir, 'vp_new', (line) => lines.push(line))).toEqual([]);
    await writeFile(join(dir, spoolFileName), '{not json');
    expect(await loadUnacked(dir, 'vp_new', (line) => lines.push(line))).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/another token/), expect.stringMatching(/not valid JSON/)]);
  });

  it('restores saved batches into the buffer within its bound, oldest dropped first', () => {
    const dropped: string[] = [];
    const buffer = new ResultBuffer({ onBatch: () => {}, maxResults: 2, log: (line) => dropped.push(line) });
    const batches = ['a', 'b', 'c'].map((id) => ({
      batchId: id,
      sizeBytes: 10,
      results: [checkResultToProto(result(id))],
    }));
    buffer.restore(batches);
    expect(buffer.unacked().map((batch) => batch.batchId)).toEqual(['b', 'c']);
    expect(buffer.stats()).toMatchObject({ unackedResults: 2, droppedResults: 1 });
  });
});

describe('the status server', () => {
  it('answers /healthz 503 while the stream is not connected, and /metrics with checks, buffer and stream state', async () => {
    const agent = new ProbeAgent({
      target: { address: `127.0.0.1:${await closedPort()}`, tls: false },
      token: 'vp_test',
      region: 'eu-west',
      concurrency: 4,
      bufferMaxResults: 1000,
      bufferMaxBytes: 1_000_000,
      runCheck: async () => okOutcome(),
      backoff: { initialMs: 50, maxMs: 100, refusedMs: 100 },
      log: () => {},
    });
    const metrics = createProbeMetrics(
      {
        state: () => agent.session.state,
        buffer: () => agent.buffer.stats(),
        monitors: () => agent.scheduler.stats().monitors,
      },
      { version: '1.0.0' },
    );
    const server = await startStatusServer({
      agent,
      metrics,
      controlPlane: 'cp:4001',
      host: '127.0.0.1',
      port: 0,
    });
    try {
      agent.start();
      metrics.recordCheck(result('m1'), 'http');
      metrics.recordCheck(result('m1', false), 'http');
      agent.buffer.add(result('m1'));
      agent.buffer.flush();
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({
        status: 'unavailable',
        region: 'eu-west',
        controlPlane: 'cp:4001',
        buffer: { unackedResults: 1, unackedBatches: 1 },
      });
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).toContain('vantage_probe_checks_total{kind="http",outcome="ok"} 1');
      expect(text).toContain('vantage_probe_checks_total{kind="http",outcome="failed"} 1');
      expect(text).toContain('vantage_probe_check_failures_total{kind="http",failure="timeout"} 1');
      expect(text).toContain('vantage_probe_buffer_results{state="unacked"} 1');
      expect(text).toContain('vantage_probe_stream_state{state="connected"} 0');
      expect((await fetch(`${server.url}/other`)).status).toBe(404);
    } finally {
      await agent.stop(0);
      await server.close();
    }
  });
});

describe('the npx shim', () => {
  it.each([
    ['v20.19.0', false],
    ['v22.17.1', false],
    ['v22.18.0', true],
    ['v23.5.0', false],
    ['v23.6.0', true],
    ['v24.0.0', true],
    ['v26.1.0', true],
  ])('Node %s runs the TypeScript sources: %s', (version, expected) => {
    expect(stripsTypes(version)).toBe(expected);
  });
});
