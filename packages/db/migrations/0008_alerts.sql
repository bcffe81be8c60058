-- Up Migration
-- Alert channels: non-secret settings in `config`, secret fields (webhook secret, chat webhook URLs,
-- PagerDuty routing key) sealed with AES-256-GCM under the app key in `sealed_secrets`.
CREATE TABLE alert_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('email', 'webhook', 'slack', 'discord', 'pagerduty')),
  config jsonb NOT NULL,
  sealed_secrets bytea,
  notify_on text[] NOT NULL,
  reminder_every_minutes int CHECK (reminder_every_minutes > 0),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_channels_org_id_idx ON alert_channels (org_id, created_at, id);

-- One row per (alert event, channel): the idempotency key outlives the BullMQ job.
CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  event_kind text NOT NULL,
  monitor_id uuid,
  event jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  manual_retries int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (event_id, channel_id)
);
CREATE INDEX deliveries_channel_idx ON deliveries (channel_id, created_at DESC);
CREATE INDEX deliveries_reminder_idx ON deliveries (channel_id, monitor_id, event_kind, created_at DESC);

CREATE TABLE delivery_attempts (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  status_code int,
  error text,
  duration_ms int NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, id);

-- Down Migration
DROP TABLE delivery_attempts;
DROP TABLE deliveries;
DROP TABLE alert_channels;
