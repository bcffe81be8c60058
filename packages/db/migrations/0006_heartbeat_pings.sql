-- Up Migration
-- Heartbeat monitors: when the last ping arrived, and when the next one is due at the latest
-- (last ping + expectedEverySeconds + graceSeconds; moved one period on per missed deadline).
ALTER TABLE monitors ADD COLUMN last_ping_at timestamptz;
ALTER TABLE monitors ADD COLUMN heartbeat_deadline_at timestamptz;
CREATE INDEX monitors_heartbeat_deadline_idx ON monitors (heartbeat_deadline_at)
  WHERE type = 'heartbeat' AND NOT paused;

-- Down Migration
DROP INDEX monitors_heartbeat_deadline_idx;
ALTER TABLE monitors DROP COLUMN heartbeat_deadline_at;
ALTER TABLE monitors DROP COLUMN last_ping_at;
