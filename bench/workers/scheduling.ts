// One probe Scheduler (real clock, the probe's default pool of 500) holding `monitors` http assignments
// at 60 s, parsed from JSON like the agent parses them; results go through a ResultBuffer acknowledged at
// once. The check is a cheap fake that resolves after 5 ms. Reports lateness, missed checks and RSS.
// Usage: node --expose-gc scheduling.ts <monitors> <warmupMs> <measureMs>
import { randomUUID } from 'node:crypto';
import type { CheckOutcome } from '@vantage/domain';
import { ResultBuffer } from '../../apps/probe/src/buffer.ts';
import { assignmentFromProto } from '../../apps/probe/src/convert.ts';
import { type ProbeAssignment, Scheduler } from '../../apps/probe/src/scheduler.ts';

const [monitorsText = '10000', warmupText = '10000', measureText = '60000'] = process.argv.slice(2);
const checkDelayMs = 5;
const mebibyte = 1024 * 1024;

const okOutcome: CheckOutcome = {
  ok: true,
  failure: null,
  statusCode: 200,
  dnsMs: 1,
  connectMs: 1,
  tlsMs: null,
  ttfbMs: 2,
  totalMs: checkDelayMs,
  resolvedIp: '203.0.113.10',
  tlsExpiresAt: null,
  tlsIssuer: null,
  error: null,
};

function rssAfterGcBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

function assignments(count: number): ProbeAssignment[] {
  return Array.from({ length: count }, (_, i) => {
    const specJson = JSON.stringify({
      type: 'http',
      url: `https://service-${i}.example.com/health`,
      intervalSeconds: 60,
      timeoutMs: 10_000,
    });
    const parsed = assignmentFromProto({ monitorId: randomUUID(), fingerprint: `f${i}`, specJson });
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const baselineBytes = rssAfterGcBytes();
const buffer: ResultBuffer = new ResultBuffer({
  onBatch: (batch) => queueMicrotask(() => buffer.ack(batch.batchId)),
});
const scheduler = new Scheduler({
  runCheck: () => new Promise((resolve) => setTimeout(() => resolve(okOutcome), checkDelayMs)),
  context: () => ({
    region: 'bench',
    probeVersion: '1.0.0',
    allowPrivateTargets: false,
    bodyLimitBytes: mebibyte,
  }),
  probeId: randomUUID(),
  concurrency: 500,
  onResult: (result) => buffer.add(result),
});
scheduler.upsert(assignments(Number(monitorsText)));

await sleep(Number(warmupText));
scheduler.lateness.reset();
const before = scheduler.stats();
let peakBytes = 0;
const sampler = setInterval(() => {
  peakBytes = Math.max(peakBytes, process.memoryUsage().rss);
}, 500);
await sleep(Number(measureText));
clearInterval(sampler);
const after = scheduler.stats();
const settledBytes = rssAfterGcBytes();
scheduler.stop();
buffer.stop();
process.stdout.write(
  `${JSON.stringify({
    monitors: after.monitors,
    checks: after.completed - before.completed,
    missed: after.missed - before.missed,
    lateness: after.lateness,
    baselineMiB: baselineBytes / mebibyte,
    peakRssDeltaMiB: (peakBytes - baselineBytes) / mebibyte,
    settledRssDeltaMiB: (settledBytes - baselineBytes) / mebibyte,
  })}\n`,
);
