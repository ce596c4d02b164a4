/** The pack index table; the reader (PackIndex) and this writer both create it if absent. */
export const PACK_INDEX_SCHEMA = `CREATE TABLE IF NOT EXISTS packed (
  digest TEXT PRIMARY KEY,
  pack TEXT NOT NULL,
  offset INTEGER NOT NULL,
  size INTEGER NOT NULL
) WITHOUT ROWID`;
