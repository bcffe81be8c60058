import { measureIngest } from './ingest.ts';
import { measureChecks, measureScheduling } from './probe.ts';
import { measureRest, seed } from './rest.ts';
import { startBenchSystem } from './system.ts';
import { printTable, type Row } from './table.ts';

const rows: Row[] = [];
try {
  // Probe-side rows run first, alone on the machine: an idle control plane would still steal CPU.
  rows.push(...(await measureChecks()), ...(await measureScheduling()));
  const system = await startBenchSystem();
  try {
    const account = await seed(system, 100);
    // The REST rows lead the table, as they always have.
    rows.unshift(...(await measureRest(system, account)));
    rows.push(await measureIngest(system, account));
  } finally {
    await system.stop();
  }
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(`bench failed; the table holds the rows measured before: ${String(error)}\n`);
} finally {
  printTable(rows);
}
