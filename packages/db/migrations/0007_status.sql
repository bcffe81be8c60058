-- Up Migration
-- Evaluator state (DESIGN.md §6): one row per monitor (locked while it is evaluated) and per region.
CREATE TABLE monitor_states (
  monitor_id uuid PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  health text NOT NULL DEFAULT 'unknown',
  shown_status text NOT NULL DEFAULT 'unknown',
  affected_regions text[] NOT NULL DEFAULT '{}',
  alert_state text NOT NULL DEFAULT 'none' CHECK (alert_state IN ('none', 'degraded', 'down')),
  outage_since timestamptz,
  last_change_at timestamptz,
  maintenance_ends_at timestamptz,
  -- Reminders enqueued for the current outage (reminder n is due at outage_since + n × period).
  reminders_sent int NOT NULL DEFAULT 0,
  evaluated_at timestamptz
);
CREATE INDEX monitor_states_outage_idx ON monitor_states (outage_since) WHERE alert_state = 'down';

CREATE TABLE monitor_region_states (
  monitor_id uuid NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  region text NOT NULL,
  state text NOT NULL,
  shown_state text NOT NULL,
  fail_streak int NOT NULL DEFAULT 0,
  ok_streak int NOT NULL DEFAULT 0,
  fast_streak int NOT NULL DEFAULT 0,
  slow_streak int NOT NULL DEFAULT 0,
  last_check_at timestamptz,
  last_result_id text,
  PRIMARY KEY (monitor_id, region)
);
-- The stale sweep looks for regions whose newest result is old.
CREATE INDEX monitor_region_states_fresh_idx ON monitor_region_states (last_check_at) WHERE shown_state <> 'unknown';

-- Timeline events and alert events decided in an evaluation transaction, delivered after it commits
-- (ClickHouse, BullMQ); rows are deleted once delivered, so nothing decided is lost to a crash.
CREATE TABLE status_outbox (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('status_event', 'alert_event')),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  impact text NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  -- The monitor whose state opened it (automatic incidents); null for manual ones.
  source_monitor_id uuid REFERENCES monitors (id) ON DELETE SET NULL,
  monitor_ids uuid[] NOT NULL DEFAULT '{}',
  affected_regions text[] NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_org_id_idx ON incidents (org_id, created_at DESC, id DESC);
-- At most one open automatic incident per monitor.
CREATE UNIQUE INDEX incidents_open_source_idx ON incidents (source_monitor_id) WHERE resolved_at IS NULL;

CREATE TABLE incident_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  message text NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX incident_updates_incident_idx ON incident_updates (incident_id, created_at);

-- One-off (starts_at, ends_at) or recurring (RFC 5545 rrule from starts_at, each lasting duration_minutes).
CREATE TABLE maintenance_windows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  title text NOT NULL,
  monitor_ids uuid[] NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  rrule text,
  duration_minutes int,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((rrule IS NULL AND ends_at IS NOT NULL AND ends_at > starts_at)
    OR (rrule IS NOT NULL AND duration_minutes IS NOT NULL AND duration_minutes > 0))
);
CREATE INDEX maintenance_windows_org_id_idx ON maintenance_windows (org_id, created_at, id);
CREATE INDEX maintenance_windows_monitors_idx ON maintenance_windows USING gin (monitor_ids);

-- Down Migration
DROP TABLE maintenance_windows;
DROP TABLE incident_updates;
DROP TABLE incidents;
DROP TABLE status_outbox;
DROP TABLE monitor_region_states;
DROP TABLE monitor_states;
