-- Rollups of check_results_v1 per minute / hour / day per (monitor, org, region): count, successes,
-- latency quantile states (p50/p95/p99 of total_ms) and phase averages. Ordered by monitor first, so a
-- monitor's range is a narrow index scan; queries read the coarsest table that answers (rollups.ts).
-- Partitions are coarse (month / month / year) so a query opens few parts.
--
-- Each materialized view fires on every insert into check_results_v1. The raw table is a
-- ReplacingMergeTree that drops a re-sent result_id only at merge time, but the views see every insert:
-- a batch inserted twice is counted twice here. The ingest skips batch ids already marked durable, so
-- the residual risk is a crash between the ClickHouse insert and the batch mark (the probe re-sends
-- the batch): that batch is counted twice in the rollups. Accepted: at most one batch per crash, and
-- uptime itself comes from the status timeline, not from these counts.
--
-- Views only see rows inserted after they exist; results stored before this migration are not rolled up.
CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1m_v1
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
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (monitor_id, org_id, region, bucket)
TTL bucket + INTERVAL 30 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database:Identifier}.check_rollup_1m_mv_v1
TO {database:Identifier}.check_rollup_1m_v1 AS
SELECT monitor_id, org_id, region, toStartOfMinute(toDateTime(started_at, 'UTC')) AS bucket,
  toUInt64(count()) AS checks, toUInt64(countIf(ok)) AS successes,
  quantilesState(0.5, 0.95, 0.99)(total_ms) AS total_ms_quantiles,
  avgState(dns_ms) AS dns_ms_avg, avgState(connect_ms) AS connect_ms_avg,
  avgState(tls_ms) AS tls_ms_avg, avgState(ttfb_ms) AS ttfb_ms_avg
FROM {database:Identifier}.check_results_v1
GROUP BY monitor_id, org_id, region, bucket;

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1h_v1
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
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (monitor_id, org_id, region, bucket)
TTL bucket + INTERVAL 400 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database:Identifier}.check_rollup_1h_mv_v1
TO {database:Identifier}.check_rollup_1h_v1 AS
SELECT monitor_id, org_id, region, toStartOfHour(toDateTime(started_at, 'UTC')) AS bucket,
  toUInt64(count()) AS checks, toUInt64(countIf(ok)) AS successes,
  quantilesState(0.5, 0.95, 0.99)(total_ms) AS total_ms_quantiles,
  avgState(dns_ms) AS dns_ms_avg, avgState(connect_ms) AS connect_ms_avg,
  avgState(tls_ms) AS tls_ms_avg, avgState(ttfb_ms) AS ttfb_ms_avg
FROM {database:Identifier}.check_results_v1
GROUP BY monitor_id, org_id, region, bucket;

CREATE TABLE IF NOT EXISTS {database:Identifier}.check_rollup_1d_v1
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
ENGINE = AggregatingMergeTree
PARTITION BY toYear(bucket)
ORDER BY (monitor_id, org_id, region, bucket)
TTL bucket + INTERVAL 5 YEAR;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database:Identifier}.check_rollup_1d_mv_v1
TO {database:Identifier}.check_rollup_1d_v1 AS
SELECT monitor_id, org_id, region, toStartOfDay(toDateTime(started_at, 'UTC')) AS bucket,
  toUInt64(count()) AS checks, toUInt64(countIf(ok)) AS successes,
  quantilesState(0.5, 0.95, 0.99)(total_ms) AS total_ms_quantiles,
  avgState(dns_ms) AS dns_ms_avg, avgState(connect_ms) AS connect_ms_avg,
  avgState(tls_ms) AS tls_ms_avg, avgState(ttfb_ms) AS ttfb_ms_avg
FROM {database:Identifier}.check_results_v1
GROUP BY monitor_id, org_id, region, bucket;
