/**
 * Webhooks and their outbox. A delivery row is written (after the ref change it
 * reports has committed, before anything is sent) for every webhook an event
 * matches; the sender works through pending rows and records every attempt, so
 * a restart resumes where it stopped. `webhook_outbox` holds the ref log seq up
 * to which events have been turned into deliveries.
 */
export const webhooksSchemaSql = `
CREATE TABLE IF NOT EXISTS webhooks (
  id          TEXT PRIMARY KEY,
  entity      TEXT NOT NULL,
  url         TEXT NOT NULL,
  types       TEXT NOT NULL,
  pattern     TEXT,
  secret      TEXT NOT NULL,
  format      TEXT NOT NULL CHECK (format IN ('json', 'slack')),
  after_seq   INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhooks_by_entity ON webhooks (entity);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id               TEXT PRIMARY KEY,
  webhook_id       TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id         INTEGER,
  event_type       TEXT NOT NULL,
  body             TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  last_status      INTEGER,
  last_error       TEXT,
  created_at       TEXT NOT NULL,
  settled_at       TEXT,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at);

CREATE TABLE IF NOT EXISTS webhook_attempts (
  delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  n            INTEGER NOT NULL,
  started_at   TEXT NOT NULL,
  duration_ms  INTEGER NOT NULL,
  status       INTEGER,
  error        TEXT,
  PRIMARY KEY (delivery_id, n)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS webhook_outbox (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL
);
`;
