import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { RunNotRunningError } from '../errors/RunNotRunningError.js';
import type { RefDb } from '../refdb/RefDb.js';
import { findRun } from './findRun.js';
import { formatRunPath } from './formatRunPath.js';
import type { RunPath } from './parseRunPath.js';
import type { RunRow } from './RunRow.js';

/**
 * The run that is about to use or log a version of `entity`'s: it must exist,
 * still be running, and belong to the same team (a run records only its own
 * team's artifacts, so lineage never crosses a team boundary). Call inside the
 * transaction that records the input or output. `argument` names the field a
 * team mismatch is blamed on: the commit's `run`, or the input's `ref`.
 */
export function requireRunningRun(refs: RefDb, path: RunPath, entity: string, argument: 'run' | 'ref' = 'run'): RunRow {
  const run = findRun(refs, path);
  if (run.state !== 'running') throw new RunNotRunningError(formatRunPath(run), run.state);
  if (run.entity !== entity) throw new InvalidArgumentError(argument, `a run of ${run.entity} records only versions of ${run.entity}`);
  return run;
}
