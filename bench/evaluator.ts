import type { Row } from './table.ts';
import { runWorker } from './worker.ts';

interface EvaluatorReport {
  monitors: number;
  batchSize: number;
  batches: number;
  results: number;
  resultsPerSecond: number;
  batchP50Ms: number;
  batchP99Ms: number;
  alertsQueued: number;
}

const monitors = 1000;
const batches = 3;
const budgetResultsPerSecond = 20_000;

/** Results/s through the real evaluator on its own Postgres, Redis and chDB (worker process). */
export async function measureEvaluator(): Promise<Row> {
  const report = await runWorker<EvaluatorReport>('evaluator-load.ts', [String(monitors), String(batches)]);
  return {
    name: `evaluator accept(), ${report.monitors} monitors × 3 regions (batches of ${report.batchSize})`,
    conns: '—',
    rate: `${Math.round(report.resultsPerSecond)} results/s`,
    p50Ms: report.batchP50Ms,
    p99Ms: report.batchP99Ms,
    errors: null,
    value: `${report.results} results in ${report.batches} batches, ${report.alertsQueued} alerts queued`,
    budget: `≥ ${budgetResultsPerSecond} results/s`,
    met: report.resultsPerSecond >= budgetResultsPerSecond,
  };
}
