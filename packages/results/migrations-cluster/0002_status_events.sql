-- Cluster variant of packages/results/migrations/0002_status_events.sql: replicated local table per shard,
-- Distributed status_events_v1 sharded by monitor (a monitor's timeline stays on one shard, so
-- ReplacingMergeTree's de-duplication by event_id still sees every copy of an event).
CREATE TABLE IF NOT EXISTS {database:Identifier}.status_events_local_v1 ON CLUSTER '{cluster}'
(
  event_id String,
  org_id UUID,
  monitor_id UUID,
  scope LowCardinality(String),
  region LowCardinality(String),
  from_state LowCardinality(String),
  to_state LowCardinality(String),
  at DateTime64(3, 'UTC'),
  failure LowCardinality(String),
  error String,
  affected_regions Array(String)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/status_events_local_v1', '{replica}')
PARTITION BY toYYYYMM(at)
ORDER BY (monitor_id, scope, region, at, event_id);

CREATE TABLE IF NOT EXISTS {database:Identifier}.status_events_v1 ON CLUSTER '{cluster}'
(
  event_id String,
  org_id UUID,
  monitor_id UUID,
  scope LowCardinality(String),
  region LowCardinality(String),
  from_state LowCardinality(String),
  to_state LowCardinality(String),
  at DateTime64(3, 'UTC'),
  failure LowCardinality(String),
  error String,
  affected_regions Array(String)
)
ENGINE = Distributed('{cluster}', {database:String}, 'status_events_local_v1', cityHash64(monitor_id));
