import type { Store } from '../Store.js';
import { describeRun } from './describeRun.js';
import { describeRunArtifact } from './describeRunArtifact.js';
import { findRun } from './findRun.js';
import type { RunPath } from './parseRunPath.js';
import { RunDb } from './RunDb.js';
import type { RunDetail } from './RunInfo.js';

/** A run with its summary, inputs and outputs. */
export function getRun(store: Store, path: RunPath): RunDetail {
  const runs = RunDb.of(store.refs);
  const run = findRun(store.refs, path);
  return {
    ...describeRun(store.refs, run),
    inputs: runs.inputsOf(run.seq).map((r) => describeRunArtifact(store.refs, r)),
    outputs: runs.outputsOf(run.seq).map((r) => describeRunArtifact(store.refs, r)),
  };
}
