// Runs the probe's real `runCheck` against one URL in a loop with bounded concurrency (new connection per
// check) and reports checks/s, CPU ms per check of this process only, latency quantiles and failures.
// Usage: node check-loop.ts <url> <concurrency> <warmupMs> <measureMs>
import { monitorSpecSchema, type ProbeSpec, probeSpecOf } from '@vantage/domain';
import type { CheckContext } from '../../apps/probe/src/checks/checker.ts';
import { runCheck } from '../../apps/probe/src/checks/registry.ts';
import { quantile } from '../table.ts';

const [url = '', concurrencyText = '50', warmupText = '1000', measureText = '5000'] = process.argv.slice(2);
const spec = probeSpecOf(
  monitorSpecSchema.parse({
    type: 'http',
    name: 'bench',
    url,
    regions: ['bench'],
    intervalSeconds: 60,
    timeoutMs: 5000,
    verifyTls: false,
  }),
) as ProbeSpec & { timeoutMs: number };
const context: CheckContext = {
  region: 'bench',
  probeVersion: '1.0.0',
  allowPrivateTargets: true,
  bodyLimitBytes: 1024 * 1024,
};

interface Tally {
  latenciesMs: number[];
  failures: number;
  firstError: string | null;
}

async function loop(untilMs: number, tally: Tally): Promise<void> {
  while (performance.now() < untilMs) {
    const startMs = performance.now();
    const outcome = await runCheck(spec, AbortSignal.timeout(spec.timeoutMs), context);
    tally.latenciesMs.push(performance.now() - startMs);
    if (!outcome.ok) {
      tally.failures += 1;
      tally.firstError ??= `${outcome.failure}: ${outcome.error}`;
    }
  }
}

async function run(durationMs: number): Promise<Tally> {
  const tally: Tally = { latenciesMs: [], failures: 0, firstError: null };
  const untilMs = performance.now() + durationMs;
  await Promise.all(Array.from({ length: Number(concurrencyText) }, () => loop(untilMs, tally)));
  return tally;
}

await run(Number(warmupText));
const cpuBefore = process.cpuUsage();
const startMs = performance.now();
const tally = await run(Number(measureText));
const elapsedMs = performance.now() - startMs;
const cpu = process.cpuUsage(cpuBefore);
const sorted = tally.latenciesMs.sort((a, b) => a - b);
const checks = sorted.length;
process.stdout.write(
  `${JSON.stringify({
    checks,
    checksPerSecond: checks / (elapsedMs / 1000),
    cpuMsPerCheck: (cpu.user + cpu.system) / 1000 / checks,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    failures: tally.failures,
    firstError: tally.firstError,
  })}\n`,
  // A socket a checker left behind must not keep the worker alive.
  () => process.exit(0),
);
