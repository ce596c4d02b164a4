import type { RunState } from './RunRow.js';

/** A run as the API and the SDK show it. */
export interface RunInfo {
  /** `entity/project/id`: what every other call takes to name the run. */
  path: string;
  entity: string;
  project: string;
  /** Assigned by the server: 8 characters of [0-9a-z]. */
  id: string;
  /** Optional display name given by the user; not unique. */
  name: string | null;
  jobType: string | null;
  state: RunState;
  config: Record<string, unknown>;
  /** Who started it. */
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  /** Highest step logged so far, or null before the first metric. */
  lastStep: number | null;
  /** The last value of every metric key, with the overrides set by the user on top. */
  summary: Record<string, unknown>;
}

/** A version a run used or logged. */
export interface RunArtifact {
  collection: string;
  kind: 'artifact' | 'registry';
  type: string;
  version: string;
  digest: string;
  /** When the run recorded it. */
  time: string;
  /** Outputs only: true when this run's log created the version (the version's producer). */
  produced?: boolean;
  /** Present (true) when the version has been deleted since the run recorded it. */
  deleted?: boolean;
}

/** A run with what it used and logged (`GET /runs/{e}/{p}/{id}`). */
export interface RunDetail extends RunInfo {
  inputs: RunArtifact[];
  outputs: RunArtifact[];
}
