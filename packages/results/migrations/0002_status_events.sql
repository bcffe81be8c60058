-- Status timeline: every state change per monitor (region '') and per region, with its cause.
-- ReplacingMergeTree on event_id: re-evaluating the same results writes the same event once.
CREATE TABLE IF NOT EXISTS {database:Identifier}.status_events_v1
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
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (monitor_id, scope, region, at, event_id);
