import type { Store } from '../Store.js';
import { checkSummary } from './checkSummary.js';
import { describeRun } from './describeRun.js';
import { findRun } from './findRun.js';
import type { RunPath } from './parseRunPath.js';
import { RunDb } from './RunDb.js';
import type { RunInfo } from './RunInfo.js';

/**
 * Sets summary overrides of a run (W&B's `run.summary[k] = v`): any JSON value
 * over the metric's last value; `null` removes an override. Allowed after the
 * run ended too: a summary is often written once the evaluation is done.
 */
export function updateRunSummary(store: Store, path: RunPath, changes: Record<string, unknown>): RunInfo {
  const runs = RunDb.of(store.refs);
  return store.refs.transaction(() => {
    const run = findRun(store.refs, path);
    runs.setSummaryOverrides(run.seq, checkSummary(run.summary_overrides, changes));
    return describeRun(store.refs, runs.runBySeq(run.seq));
  });
}
