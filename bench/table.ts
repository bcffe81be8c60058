/** One measured row of the bench table; `met` is null for a row measured without a budget. */
export interface Row {
  name: string;
  /** Connections, concurrency or streams, as text ('—' when it does not apply). */
  conns: string;
  /** Throughput with its unit, e.g. "812 req/s" or "4100 checks/s". */
  rate: string;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number | null;
  /** The budgeted quantity when it is not the rate or a latency, e.g. "0.31 ms CPU/check". */
  value: string;
  budget: string;
  met: boolean | null;
}

const dash = '—';

/** Prints all rows as one aligned markdown table. */
export function printTable(rows: readonly Row[]): void {
  const header = ['benchmark', 'conns', 'rate', 'p50 ms', 'p99 ms', 'errors', 'value', 'budget', 'met'];
  const lines = rows.map((row) => [
    row.name,
    row.conns,
    row.rate,
    row.p50Ms === null ? dash : row.p50Ms.toFixed(1),
    row.p99Ms === null ? dash : row.p99Ms.toFixed(1),
    row.errors === null ? dash : String(row.errors),
    row.value,
    row.budget,
    row.met === null ? dash : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `${[format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n')}\n`,
  );
}

/** The value at quantile `q` (0..1) of `sorted` (ascending); 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
