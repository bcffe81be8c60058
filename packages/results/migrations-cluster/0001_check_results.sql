-- Cluster variant of packages/results/migrations/0001_check_results.sql (same name, so the migration record
-- lines up). Each shard keeps its rows in a replicated local table; check_results_v1 is the Distributed table
-- the application reads and writes, sharded by monitor so one monitor's results live on one shard.
-- Macros {cluster}, {shard} and {replica} come from each server's configuration.
CREATE TABLE IF NOT EXISTS {database:Identifier}.check_results_local_v1 ON CLUSTER '{cluster}'
(
  result_id UUID,
  batch_id UUID,
  org_id UUID,
  monitor_id UUID,
  region LowCardinality(String),
  probe_id UUID,
  started_at DateTime64(3, 'UTC'),
  ok Bool,
  failure LowCardinality(String),
  status_code UInt16,
  dns_ms Nullable(UInt32),
  connect_ms Nullable(UInt32),
  tls_ms Nullable(UInt32),
  ttfb_ms Nullable(UInt32),
  total_ms UInt32,
  resolved_ip String,
  tls_expires_at Nullable(DateTime('UTC')),
  error String,
  retention_days UInt16 DEFAULT 90
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/check_results_local_v1', '{replica}')
PARTITION BY toYYYYMM(started_at)
ORDER BY (monitor_id, region, started_at, result_id)
TTL toDateTime(started_at) + toIntervalDay(retention_days);

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_results_v1 ON CLUSTER '{cluster}'
(
  result_id UUID,
  batch_id UUID,
  org_id UUID,
  monitor_id UUID,
  region LowCardinality(String),
  probe_id UUID,
  started_at DateTime64(3, 'UTC'),
  ok Bool,
  failure LowCardinality(String),
  status_code UInt16,
  dns_ms Nullable(UInt32),
  connect_ms Nullable(UInt32),
  tls_ms Nullable(UInt32),
  ttfb_ms Nullable(UInt32),
  total_ms UInt32,
  resolved_ip String,
  tls_expires_at Nullable(DateTime('UTC')),
  error String,
  retention_days UInt16 DEFAULT 90
)
ENGINE = Distributed('{cluster}', {database:String}, 'check_results_local_v1', cityHash64(monitor_id));
