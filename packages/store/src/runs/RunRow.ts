/** Row shapes of the run tables (refdb/runsSchema.ts), as better-sqlite3 returns them. */

export type RunState = 'running' | 'finished' | 'failed' | 'crashed';

export interface RunRow {
  seq: number;
  id: string;
  entity: string;
  project: string;
  name: string | null;
  job_type: string | null;
  config: string;
  state: RunState;
  actor: string;
  started_at: string;
  finished_at: string | null;
  next_step: number;
  summary_overrides: string;
}

/** An input or output of a run: one version of one collection. */
export interface RunArtifactRow {
  run_seq: number;
  collection_id: number;
  number: number;
  time: string;
  /** Outputs only: 1 when this run's log created the version. */
  produced?: number;
}
