-- An insert that reports failure may still have written (a timeout, a view failing after the table wrote).
-- Ingest retries such an insert with the same insert_deduplication_token; these windows let ClickHouse
-- recognise the retried block in the table and in the rollups fed by it.
ALTER TABLE {database:Identifier}.check_results_v1 MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE {database:Identifier}.check_rollup_1m_v1 MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE {database:Identifier}.check_rollup_1h_v1 MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE {database:Identifier}.check_rollup_1d_v1 MODIFY SETTING non_replicated_deduplication_window = 1000;
