-- Up Migration
-- Public status pages (DESIGN.md §5, §9): a page, its groups and its components. The slug and the custom
-- domain are unique across every organization because they address the page publicly.
CREATE TABLE status_pages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$'),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Lower-case ASCII (punycode) hostname; the web app maps a request's Host header to the page.
  custom_domain text UNIQUE CHECK (custom_domain = lower(custom_domain)),
  logo_url text,
  favicon_url text,
  brand_color text,
  accent_color text,
  -- [{ "label": "…", "url": "https://…" }]
  footer_links jsonb NOT NULL DEFAULT '[]',
  -- scrypt hash (the same format as user passwords); null = the page is public.
  password_hash text,
  -- Regions the page shows; empty = every region of the page's monitors.
  shown_regions text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_pages_org_id_idx ON status_pages (org_id, created_at, id);

CREATE TABLE status_page_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES status_pages (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- Place among the page's groups and ungrouped components (one top-level order).
  position int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_page_groups_page_idx ON status_page_groups (page_id, position);

CREATE TABLE status_page_components (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES status_pages (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  -- A deleted group leaves its components ungrouped.
  group_id uuid REFERENCES status_page_groups (id) ON DELETE SET NULL,
  -- Null for a manual component (its state is set by hand); a deleted monitor takes its components along.
  monitor_id uuid REFERENCES monitors (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Place inside its group, or in the top-level order when ungrouped.
  position int NOT NULL DEFAULT 0,
  -- Regions shown for this component; empty = every shown region its monitor runs in.
  regions text[] NOT NULL DEFAULT '{}',
  manual_state text NOT NULL DEFAULT 'up' CHECK (manual_state IN ('up', 'degraded', 'down', 'maintenance')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_page_components_page_idx ON status_page_components (page_id, position);
CREATE INDEX status_page_components_monitor_idx ON status_page_components (monitor_id);

-- Down Migration
DROP TABLE status_page_components;
DROP TABLE status_page_groups;
DROP TABLE status_pages;
