-- Cluster variant of packages/results/migrations/0003_rollups.sql. On every shard a materialized view rolls
-- the shard's own raw results (check_results_local_v1) into a replicated local rollup table; the Distributed
-- check_rollup_*_v1 tables read all shards. Results are sharded by monitor, so each monitor's buckets are
-- complete on one shard, and the aggregate states merge across shards anyway.
-- As in the single-node schema, a batch inserted twice is counted twice here (see that file).
CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1m_local_v1 ON CLUSTER '{cluster}'
(
  monitor_id UUID,
  org_id UUID,
  region LowCardinality(String),
  bucket DateTime('UTC'),
  checks SimpleAggregateFunction(sum, UInt64),
  successes SimpleAggregateFunction(sum, UInt64),
  total_ms_quantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt32),
  dns_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  connect_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  tls_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  ttfb_ms_avg AggregateFunction(avg, Nullable(UInt32))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/check_rollup_1m_local_v1', '{replica}')
PARTITION BY toYYYYMM(bucket)
ORDER BY (monitor_id, org_id, region, bucket)
TTL bucket + INTERVAL 30 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database:Identifier}.check_rollup_1m_mv_v1 ON CLUSTER '{cluster}'
TO {database:Identifier}.check_rollup_1m_local_v1 AS
SELECT monitor_id, org_id, region, toStartOfMinute(toDateTime(started_at, 'UTC')) AS bucket,
  toUInt64(count()) AS checks, toUInt64(countIf(ok)) AS successes,
  quantilesState(0.5, 0.95, 0.99)(total_ms) AS total_ms_quantiles,
  avgState(dns_ms) AS dns_ms_avg, avgState(connect_ms) AS connect_ms_avg,
  avgState(tls_ms) AS tls_ms_avg, avgState(ttfb_ms) AS ttfb_ms_avg
FROM {database:Identifier}.check_results_local_v1
GROUP BY monitor_id, org_id, region, bucket;

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1m_v1 ON CLUSTER '{cluster}'
(
  monitor_id UUID,
  org_id UUID,
  region LowCardinality(String),
  bucket DateTime('UTC'),
  checks SimpleAggregateFunction(sum, UInt64),
  successes SimpleAggregateFunction(sum, UInt64),
  total_ms_quantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt32),
  dns_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  connect_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  tls_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  ttfb_ms_avg AggregateFunction(avg, Nullable(UInt32))
)
ENGINE = Distributed('{cluster}', {database:String}, 'check_rollup_1m_local_v1', cityHash64(monitor_id));

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1h_local_v1 ON CLUSTER '{cluster}'
(
  monitor_id UUID,
  org_id UUID,
  region LowCardinality(String),
  bucket DateTime('UTC'),
  checks SimpleAggregateFunction(sum, UInt64),
  successes SimpleAggregateFunction(sum, UInt64),
  total_ms_quantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt32),
  dns_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  connect_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  tls_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  ttfb_ms_avg AggregateFunction(avg, Nullable(UInt32))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/check_rollup_1h_local_v1', '{replica}')
PARTITION BY toYYYYMM(bucket)
ORDER BY (monitor_id, org_id, region, bucket)
TTL bucket + INTERVAL 400 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database:Identifier}.check_rollup_1h_mv_v1 ON CLUSTER '{cluster}'
TO {database:Identifier}.check_rollup_1h_local_v1 AS
SELECT monitor_id, org_id, region, toStartOfHour(toDateTime(started_at, 'UTC')) AS bucket,
  toUInt64(count()) AS checks, toUInt64(countIf(ok)) AS successes,
  quantilesState(0.5, 0.95, 0.99)(total_ms) AS total_ms_quantiles,
  avgState(dns_ms) AS dns_ms_avg, avgState(connect_ms) AS connect_ms_avg,
  avgState(tls_ms) AS tls_ms_avg, avgState(ttfb_ms) AS ttfb_ms_avg
FROM {database:Identifier}.check_results_local_v1
GROUP BY monitor_id, org_id, region, bucket;

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1h_v1 ON CLUSTER '{cluster}'
(
  monitor_id UUID,
  org_id UUID,
  region LowCardinality(String),
  bucket DateTime('UTC'),
  checks SimpleAggregateFunction(sum, UInt64),
  successes SimpleAggregateFunction(sum, UInt64),
  total_ms_quantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt32),
  dns_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  connect_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  tls_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  ttfb_ms_avg AggregateFunction(avg, Nullable(UInt32))
)
ENGINE = Distributed('{cluster}', {database:String}, 'check_rollup_1h_local_v1', cityHash64(monitor_id));

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1d_local_v1 ON CLUSTER '{cluster}'
(
  monitor_id UUID,
  org_id UUID,
  region LowCardinality(String),
  bucket DateTime('UTC'),
  checks SimpleAggregateFunction(sum, UInt64),
  successes SimpleAggregateFunction(sum, UInt64),
  total_ms_quantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt32),
  dns_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  connect_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  tls_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  ttfb_ms_avg AggregateFunction(avg, Nullable(UInt32))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/check_rollup_1d_local_v1', '{replica}')
PARTITION BY toYear(bucket)
ORDER BY (monitor_id, org_id, region, bucket)
TTL bucket + INTERVAL 5 YEAR;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database:Identifier}.check_rollup_1d_mv_v1 ON CLUSTER '{cluster}'
TO {database:Identifier}.check_rollup_1d_local_v1 AS
SELECT monitor_id, org_id, region, toStartOfDay(toDateTime(started_at, 'UTC')) AS bucket,
  toUInt64(count()) AS checks, toUInt64(countIf(ok)) AS successes,
  quantilesState(0.5, 0.95, 0.99)(total_ms) AS total_ms_quantiles,
  avgState(dns_ms) AS dns_ms_avg, avgState(connect_ms) AS connect_ms_avg,
  avgState(tls_ms) AS tls_ms_avg, avgState(ttfb_ms) AS ttfb_ms_avg
FROM {database:Identifier}.check_results_local_v1
GROUP BY monitor_id, org_id, region, bucket;

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1d_v1 ON CLUSTER '{cluster}'
(
  monitor_id UUID,
  org_id UUID,
  region LowCardinality(String),
  bucket DateTime('UTC'),
  checks SimpleAggregateFunction(sum, UInt64),
  successes SimpleAggregateFunction(sum, UInt64),
  total_ms_quantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt32),
  dns_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  connect_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  tls_ms_avg AggregateFunction(avg, Nullable(UInt32)),
  ttfb_ms_avg AggregateFunction(avg, Nullable(UInt32))
)
ENGINE = Distributed('{cluster}', {database:String}, 'check_rollup_1d_local_v1', cityHash64(monitor_id));
