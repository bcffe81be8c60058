-- Up Migration
-- Stripe billing (issue 8). The plan itself stays in organizations.plan; this is what Stripe told us about
-- the organization's customer and subscription, and what the dashboard shows (status, period end).
CREATE TABLE billing_accounts (
  org_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  stripe_customer_id text UNIQUE,
  stripe_subscription_id text UNIQUE,
  status text CHECK (status IN ('active', 'past_due', 'canceled')),
  billing_interval text CHECK (billing_interval IN ('month', 'year')),
  current_period_end timestamptz,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  -- `created` of the last Stripe event applied to the subscription state: an older event that arrives
  -- later is stale and changes nothing.
  last_event_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every Stripe event received, by its id: a replayed event finds its row and changes nothing.
CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  stripe_created_at timestamptz NOT NULL,
  org_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
  outcome text NOT NULL DEFAULT 'received'
    CHECK (outcome IN ('received', 'applied', 'stale', 'ignored', 'unknown_org', 'unknown_price')),
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Events no organization or plan could be found for, kept whole for an operator to look at.
CREATE TABLE stripe_unmatched_events (
  event_id text PRIMARY KEY REFERENCES stripe_events (id) ON DELETE CASCADE,
  type text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('unknown_org', 'unknown_price')),
  stripe_customer_id text,
  stripe_subscription_id text,
  detail text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stripe_unmatched_events_received_idx ON stripe_unmatched_events (received_at DESC, event_id);

-- Down Migration
DROP TABLE stripe_unmatched_events;
DROP TABLE stripe_events;
DROP TABLE billing_accounts;
