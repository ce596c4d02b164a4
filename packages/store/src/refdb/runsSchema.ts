/**
 * Runs, their metrics, and what they used and logged (issue 3, "Runs and lineage";
 * docs/decisions/010-runs-and-producer.md). Idempotent: applied on every open.
 *
 * A run's public id is a random text id; `seq` is the compact integer key the
 * metric rows carry (a training loop writes millions of them).
 */
export const runsSchemaSql = `
CREATE TABLE IF NOT EXISTS runs (
  seq                INTEGER PRIMARY KEY,
  id                 TEXT NOT NULL UNIQUE,
  entity             TEXT NOT NULL,
  project            TEXT NOT NULL,
  name               TEXT,
  job_type           TEXT,
  config             TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('running', 'finished', 'failed', 'crashed')),
  actor              TEXT NOT NULL,
  started_at         TEXT NOT NULL,
  finished_at        TEXT,
  next_step          INTEGER NOT NULL DEFAULT 0,
  summary_overrides  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS runs_by_project ON runs (entity, project, seq);

-- One value of one key at one step. time is epoch milliseconds.
CREATE TABLE IF NOT EXISTS run_metrics (
  run_seq  INTEGER NOT NULL REFERENCES runs(seq),
  key      TEXT NOT NULL,
  step     INTEGER NOT NULL,
  time     INTEGER NOT NULL,
  value    REAL NOT NULL,
  PRIMARY KEY (run_seq, key, step)
) WITHOUT ROWID;

-- The value of each key at its highest step, kept on append so that a summary
-- (shown for every registered version) is one indexed read, not a scan.
CREATE TABLE IF NOT EXISTS run_summary (
  run_seq  INTEGER NOT NULL REFERENCES runs(seq),
  key      TEXT NOT NULL,
  step     INTEGER NOT NULL,
  value    REAL NOT NULL,
  PRIMARY KEY (run_seq, key)
) WITHOUT ROWID;

-- Artifact versions a run used (inputs) and logged (outputs). produced = 1 when
-- the run's log created the version (it is the version object's producer);
-- 0 when it logged content equal to an existing version.
CREATE TABLE IF NOT EXISTS run_inputs (
  run_seq        INTEGER NOT NULL REFERENCES runs(seq),
  collection_id  INTEGER NOT NULL REFERENCES collections(id),
  number         INTEGER NOT NULL,
  time           TEXT NOT NULL,
  PRIMARY KEY (run_seq, collection_id, number)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_inputs_by_version ON run_inputs (collection_id, number);

CREATE TABLE IF NOT EXISTS run_outputs (
  run_seq        INTEGER NOT NULL REFERENCES runs(seq),
  collection_id  INTEGER NOT NULL REFERENCES collections(id),
  number         INTEGER NOT NULL,
  produced       INTEGER NOT NULL CHECK (produced IN (0, 1)),
  time           TEXT NOT NULL,
  PRIMARY KEY (run_seq, collection_id, number)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_outputs_by_version ON run_outputs (collection_id, number);
`;
