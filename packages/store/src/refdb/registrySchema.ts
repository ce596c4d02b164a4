/**
 * Tables of the registry features: registered models' cards, tags, tombstones of
 * deleted versions and collections, and the kind of each ref-log row. Idempotent
 * (CREATE ... IF NOT EXISTS), so databases written before them open unchanged and
 * their ref-log rows stay valid (their kind is derived from ref, old and new).
 */
export const registrySchemaSql = `
-- Which registry versions link a given artifact version (checked before deleting it).
CREATE INDEX IF NOT EXISTS versions_by_source ON versions (source_collection_id, source_number);

-- The card (Markdown), metadata and protected aliases of a registered model. A model
-- created implicitly by its first link has no row until it is edited: defaults apply.
CREATE TABLE IF NOT EXISTS registered_models (
  collection_id      INTEGER PRIMARY KEY REFERENCES collections(id),
  description        TEXT NOT NULL,
  metadata           TEXT NOT NULL,
  protected_aliases  TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS collection_tags (
  collection_id  INTEGER NOT NULL REFERENCES collections(id),
  tag            TEXT NOT NULL,
  PRIMARY KEY (collection_id, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS collection_tags_by_tag ON collection_tags (tag);

CREATE TABLE IF NOT EXISTS version_tags (
  collection_id  INTEGER NOT NULL REFERENCES collections(id),
  number         INTEGER NOT NULL,
  tag            TEXT NOT NULL,
  PRIMARY KEY (collection_id, number, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS version_tags_by_tag ON version_tags (tag);

-- A deleted (or unlinked) version: its row moves here, so nothing resolves it and
-- gc no longer marks its objects, while its number stays taken (never reused).
CREATE TABLE IF NOT EXISTS deleted_versions (
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
  deleted_by            TEXT NOT NULL,
  deleted_at            TEXT NOT NULL,
  PRIMARY KEY (collection_id, number)
) WITHOUT ROWID;

-- A deleted collection keeps its row (its ref log points at it) under the project
-- "~deleted" (not a valid project name, so it leaves the namespace and the name can
-- be used again); its real name is kept here.
CREATE TABLE IF NOT EXISTS deleted_collections (
  collection_id  INTEGER PRIMARY KEY REFERENCES collections(id),
  entity         TEXT NOT NULL,
  project        TEXT NOT NULL,
  name           TEXT NOT NULL,
  deleted_by     TEXT NOT NULL,
  deleted_at     TEXT NOT NULL
);

-- What a ref-log row means when ref, old and new cannot say it alone (a card
-- edit, a tag), with its details as a JSON object.
CREATE TABLE IF NOT EXISTS reflog_details (
  seq    INTEGER PRIMARY KEY REFERENCES reflog(seq),
  kind   TEXT NOT NULL,
  data   TEXT NOT NULL
);
`;
