import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { RunNotRunningError } from '../errors/RunNotRunningError.js';
import type { Store } from '../Store.js';
import { checkSummary } from './checkSummary.js';
import { describeRun } from './describeRun.js';
import { findRun } from './findRun.js';
import { formatRunPath } from './formatRunPath.js';
import type { RunPath } from './parseRunPath.js';
import { RunDb } from './RunDb.js';
import type { RunInfo } from './RunInfo.js';
import type { RunState } from './RunRow.js';

const FINAL: readonly string[] = ['finished', 'failed', 'crashed'];

/**
 * Ends a running run with a final state (default `finished`), optionally setting
 * summary overrides in the same step. Finishing again with the same state and
 * no summary, or a summary the run already has, changes nothing and succeeds (a
 * client whose answer was lost may retry); any other change to an ended run is
 * RunNotRunning.
 */
export function finishRun(store: Store, path: RunPath, opts: { state?: string; summary?: Record<string, unknown> } = {}): RunInfo {
  const state = (opts.state ?? 'finished') as RunState;
  if (!FINAL.includes(state)) throw new InvalidArgumentError('state', 'one of finished, failed, crashed');
  const runs = RunDb.of(store.refs);
  return store.refs.transaction(() => {
    const run = findRun(store.refs, path);
    if (run.state !== 'running') {
      // A retry of the same finish, summary included, is answered as it was: the
      // overrides it would set are already there.
      const same = opts.summary === undefined || checkSummary(run.summary_overrides, opts.summary) === run.summary_overrides;
      if (run.state === state && same) return describeRun(store.refs, run);
      throw new RunNotRunningError(formatRunPath(run), run.state);
    }
    if (opts.summary !== undefined) runs.setSummaryOverrides(run.seq, checkSummary(run.summary_overrides, opts.summary));
    runs.finish(run.seq, state, new Date().toISOString());
    return describeRun(store.refs, runs.runBySeq(run.seq));
  });
}
