import type { CheckResultRow, StoredCheckResult, StoredCheckResultRow } from './check-result-row.ts';
import { fromCheckResultRow } from './check-result-row.ts';
import type { ResultsStore } from './client.ts';

/** Writes rows to `check_results_v1` in ONE insert; resolves once ClickHouse has them. */
export async function writeCheckResults(
  store: ResultsStore,
  rows: readonly CheckResultRow[],
  options: { deduplicationToken?: string } = {},
): Promise<void> {
  if (rows.length === 0) return;
  await store.client.insert({
    table: `${store.database}.check_results_v1`,
    values: rows as CheckResultRow[],
    format: 'JSONEachRow',
    // With a token, a retried insert of the same rows is skipped by the table and by its rollup views.
    clickhouse_settings: options.deduplicationToken
      ? {
          insert_deduplication_token: options.deduplicationToken,
          deduplicate_blocks_in_dependent_materialized_views: 1,
        }
      : {},
  });
}

const selectColumns = `result_id, org_id, monitor_id, region, probe_id,
  toUnixTimestamp64Milli(started_at) AS started_at_ms, ok, failure, status_code, dns_ms, connect_ms, tls_ms,
  ttfb_ms, total_ms, resolved_ip, if(isNull(tls_expires_at), NULL, toUnixTimestamp(tls_expires_at) * 1000)
  AS tls_expires_at_ms, error`;

/** A monitor's newest results (of one region, or all), newest first; a result re-sent is listed once. */
export async function latestResults(
  store: ResultsStore,
  input: { monitorId: string; orgId: string; region?: string; limit: number },
): Promise<StoredCheckResult[]> {
  const region = input.region === undefined ? '' : 'AND region = {region:String}';
  // The table is a ReplacingMergeTree: duplicates of a result_id live until a merge, so LIMIT 1 BY.
  const rows = await store.client.query({
    query: `SELECT ${selectColumns} FROM {database:Identifier}.check_results_v1
      WHERE monitor_id = {monitorId:UUID} AND org_id = {orgId:UUID} ${region}
      ORDER BY started_at DESC, result_id DESC LIMIT 1 BY result_id LIMIT {limit:UInt32}`,
    query_params: { database: store.database, ...input },
    format: 'JSONEachRow',
  });
  return (await rows.json<StoredCheckResultRow>()).map(fromCheckResultRow);
}

/** How many distinct results a monitor has (duplicates of a re-sent batch count once). */
export async function countResults(store: ResultsStore, input: { monitorId: string }): Promise<number> {
  const rows = await store.client.query({
    query: `SELECT uniqExact(result_id) AS count FROM {database:Identifier}.check_results_v1
      WHERE monitor_id = {monitorId:UUID}`,
    query_params: { database: store.database, monitorId: input.monitorId },
    format: 'JSONEachRow',
  });
  const [row] = await rows.json<{ count: string | number }>();
  return Number(row?.count ?? 0);
}
