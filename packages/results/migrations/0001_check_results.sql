-- Raw check results: one row per check, partitioned by month, kept per plan through a row TTL.
CREATE TABLE IF NOT EXISTS {database:Identifier}.check_results_v1
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
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (monitor_id, region, started_at, result_id)
TTL toDateTime(started_at) + toIntervalDay(retention_days);
