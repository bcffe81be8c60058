-- Up Migration
-- Status page subscribers (issue 7): email addresses with double opt-in, or webhook URLs. A repeated
-- subscribe finds the same row (unique per page and address), so it never duplicates one.
CREATE TABLE status_page_subscribers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  page_id uuid NOT NULL REFERENCES status_pages (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('email', 'webhook')),
  email text CHECK (email = lower(email)),
  url text,
  -- Components followed; empty = every component of the page. Ids of deleted components match nothing.
  component_ids uuid[] NOT NULL DEFAULT '{}',
  -- Components a confirmed subscriber asked to follow instead; applied when the emailed link is confirmed.
  pending_component_ids uuid[],
  -- Webhook signing secret sealed with AES-256-GCM under the app key (bound to the subscriber id), like
  -- alert-channel secrets.
  sealed_secret bytea,
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  -- When the last confirmation email went out: a repeat within the cooldown sends none.
  confirmation_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (kind = 'email' AND email IS NOT NULL AND url IS NULL AND sealed_secret IS NULL)
    OR (kind = 'webhook' AND url IS NOT NULL AND email IS NULL AND sealed_secret IS NOT NULL)
  )
);
CREATE UNIQUE INDEX status_page_subscribers_email_idx ON status_page_subscribers (page_id, email)
  WHERE kind = 'email';
CREATE UNIQUE INDEX status_page_subscribers_url_idx ON status_page_subscribers (page_id, url)
  WHERE kind = 'webhook';
CREATE INDEX status_page_subscribers_list_idx ON status_page_subscribers (page_id, created_at DESC, id DESC);

-- One row per (incident event, subscriber): the idempotency key outlives the BullMQ job.
CREATE TABLE subscriber_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  subscriber_id uuid NOT NULL REFERENCES status_page_subscribers (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  -- What is sent: the alert event and the page's components it touches, as fanned out.
  notice jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (event_id, subscriber_id)
);
CREATE INDEX subscriber_deliveries_subscriber_idx ON subscriber_deliveries (subscriber_id, created_at DESC);

-- Down Migration
DROP TABLE subscriber_deliveries;
DROP TABLE status_page_subscribers;
