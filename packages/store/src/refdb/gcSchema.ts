/**
 * Garbage collection's lock: at most one row, naming the process that runs a
 * collection. In the ref database so that a server and an `arca gc --data`
 * on the same directory exclude each other; a row left by a process that died
 * is taken over.
 */
export const gcSchemaSql = `
CREATE TABLE IF NOT EXISTS gc_lock (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  pid         INTEGER NOT NULL,
  token       TEXT NOT NULL,
  started_at  TEXT NOT NULL
);

-- The server serving this data directory (at most one: events and webhooks are
-- dispatched by the process that made the change). host and pid say who; a row
-- whose process is gone is taken over.
CREATE TABLE IF NOT EXISTS server_lock (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  token       TEXT NOT NULL,
  started_at  TEXT NOT NULL
);
`;
