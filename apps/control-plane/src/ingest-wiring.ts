import type { AppContext } from './context.ts';
import type { ResultSubmitter } from './probes/stream.ts';

/** Result ingest for the probe server (replaced by the ClickHouse ingest). */
export async function startIngest(_app: AppContext): Promise<ResultSubmitter & { close(): Promise<void> }> {
  return { submit: async () => {}, close: async () => {} };
}
