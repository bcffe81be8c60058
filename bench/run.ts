import { measureAlertLatency } from './alerts.ts';
import { measureEvaluator } from './evaluator.ts';
import { measureIngest } from './ingest.ts';
import { measureChecks, measureScheduling } from './probe.ts';
import { measureQueries } from './queries.ts';
import { measureRest, seed } from './rest.ts';
import { measureStatusPage } from './status-page.ts';
import { startBenchSystem } from './system.ts';
import { printTable, type Row } from './table.ts';
import { measureWeb } from './web.ts';

const rows: Row[] = [];
try {
  // Probe-side rows run first, alone on the machine: an idle control plane would still steal CPU.
  rows.push(...(await measureChecks()), ...(await measureScheduling()));
  // The evaluator and query rows start their own stores in a worker; they too run without a control plane.
  rows.push(await measureEvaluator(), ...(await measureQueries()));
  // The status page rows run on their own stores and control plane (they stop it), before the shared system.
  rows.push(...(await measureStatusPage()));
  const system = await startBenchSystem();
  try {
    const account = await seed(system, 100);
    // The REST rows lead the table, as they always have.
    rows.unshift(...(await measureRest(system, account)));
    rows.push(...(await measureWeb(system, account)));
    rows.push(await measureIngest(system, account));
    rows.push(await measureAlertLatency(system));
  } finally {
    await system.stop();
  }
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(`bench failed; the table holds the rows measured before: ${String(error)}\n`);
} finally {
  printTable(rows);
}
