/**
 * The ref database schema. Objects live in the object store; this holds only the
 * mutable state (collections, version numbers, aliases) and the append-only ref log.
 * Bump SCHEMA_VERSION and add a migration step in RefDb when this changes.
 */
export const SCHEMA_VERSION = 1;

export const schemaSql = `
CREATE TABLE IF NOT EXISTS collections (
  id          INTEGER PRIMARY KEY,
  entity      TEXT NOT NULL,
  project     TEXT NOT NULL,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('artifact', 'registry')),
  created_at  TEXT NOT NULL,
  UNIQUE (entity, project, name)
);

-- One row per vN. In a registry collection a row is a link: digest is the
-- source version's digest (so both resolve alike) and link_digest the link object.
CREATE TABLE IF NOT EXISTS versions (
  collection_id         INTEGER NOT NULL REFERENCES collections(id),
  number                INTEGER NOT NULL,
  digest                TEXT NOT NULL,
  tree                  TEXT NOT NULL,
  size                  INTEGER NOT NULL,
  file_count            INTEGER NOT NULL,
  link_digest           TEXT,
  source_collection_id  INTEGER REFERENCES collections(id),
  source_number         INTEGER,
  actor                 TEXT NOT NULL,
  created_at            TEXT NOT NULL,
  PRIMARY KEY (collection_id, number),
  UNIQUE (collection_id, digest)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS versions_by_tree ON versions (collection_id, tree);
CREATE INDEX IF NOT EXISTS versions_by_digest ON versions (digest);

CREATE TABLE IF NOT EXISTS aliases (
  collection_id  INTEGER NOT NULL REFERENCES collections(id),
  alias          TEXT NOT NULL,
  number         INTEGER NOT NULL,
  PRIMARY KEY (collection_id, alias)
) WITHOUT ROWID;

-- Every ref change, in order: the audit trail and, later, the event stream.
CREATE TABLE IF NOT EXISTS reflog (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  collection_id  INTEGER NOT NULL REFERENCES collections(id),
  ref            TEXT NOT NULL,
  old_number     INTEGER,
  old_digest     TEXT,
  new_number     INTEGER,
  new_digest     TEXT,
  actor          TEXT NOT NULL,
  reason         TEXT NOT NULL,
  time           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reflog_by_collection ON reflog (collection_id, seq);
`;
