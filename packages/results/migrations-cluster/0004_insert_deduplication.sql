-- Cluster variant of packages/results/migrations/0004_insert_deduplication.sql. Replicated tables recognise a
-- retried block (the ingest's insert_deduplication_token) within replicated_deduplication_window; this sets
-- the window the single-node schema uses. The token reaches the shards when inserts into the Distributed
-- table are synchronous: give the control plane's ClickHouse user distributed_foreground_insert = 1 (which
-- also makes an acknowledged batch durable on its shard before the probe is told so).
ALTER TABLE {database:Identifier}.check_results_local_v1 ON CLUSTER '{cluster}' MODIFY SETTING replicated_deduplication_window = 1000;
ALTER TABLE {database:Identifier}.check_rollup_1m_local_v1 ON CLUSTER '{cluster}' MODIFY SETTING replicated_deduplication_window = 1000;
ALTER TABLE {database:Identifier}.check_rollup_1h_local_v1 ON CLUSTER '{cluster}' MODIFY SETTING replicated_deduplication_window = 1000;
ALTER TABLE {database:Identifier}.check_rollup_1d_local_v1 ON CLUSTER '{cluster}' MODIFY SETTING replicated_deduplication_window = 1000;
