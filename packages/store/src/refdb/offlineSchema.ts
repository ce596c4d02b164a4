/**
 * Versions logged offline and synced later (decision 012): which server version
 * each offline version became. Keyed by the offline version object's digest, so
 * a sync repeated after a crash or run twice finds it and creates nothing twice.
 * It also keeps what the offline log recorded: its own number, who logged it and when.
 */
export const offlineSchemaSql = `
CREATE TABLE IF NOT EXISTS offline_versions (
  collection_id    INTEGER NOT NULL REFERENCES collections(id),
  offline_digest   TEXT NOT NULL,
  number           INTEGER NOT NULL,
  offline_number   INTEGER NOT NULL,
  offline_actor    TEXT NOT NULL,
  offline_created  TEXT NOT NULL,
  synced_by        TEXT NOT NULL,
  synced_at        TEXT NOT NULL,
  PRIMARY KEY (collection_id, offline_digest)
) WITHOUT ROWID;
`;
