/** The pack index table; PackIndex creates it (and the file), before any PackIndexWriter opens the file. */
export const PACK_INDEX_SCHEMA = `CREATE TABLE IF NOT EXISTS packed (
  digest TEXT PRIMARY KEY,
  pack TEXT NOT NULL,
  offset INTEGER NOT NULL,
  size INTEGER NOT NULL
) WITHOUT ROWID`;
