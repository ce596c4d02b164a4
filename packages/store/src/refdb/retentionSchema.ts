/**
 * Retention (time to live) of artifact versions. A collection may have a default
 * TTL for its versions; a version may override it with its own TTL or with NULL
 * (keep forever). A version expires at its creation time plus its TTL.
 */
export const retentionSchemaSql = `
CREATE TABLE IF NOT EXISTS collection_ttls (
  collection_id  INTEGER PRIMARY KEY REFERENCES collections(id),
  ttl_seconds    INTEGER NOT NULL,
  set_by         TEXT NOT NULL,
  set_at         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS version_ttls (
  collection_id  INTEGER NOT NULL REFERENCES collections(id),
  number         INTEGER NOT NULL,
  ttl_seconds    INTEGER,
  set_by         TEXT NOT NULL,
  set_at         TEXT NOT NULL,
  PRIMARY KEY (collection_id, number)
) WITHOUT ROWID;
`;
