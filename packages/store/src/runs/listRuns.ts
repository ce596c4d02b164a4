import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { validateName } from '../names/validateName.js';
import type { Store } from '../Store.js';
import { describeRun } from './describeRun.js';
import { findRun } from './findRun.js';
import { RunDb } from './RunDb.js';
import type { RunInfo } from './RunInfo.js';
import { validateRunId } from './validateRunId.js';

/**
 * Runs of a project, newest first, at most `limit` (default 100, at most 1000).
 * `before` (a run id of this project) continues a listing after that run.
 */
export function listRuns(store: Store, entity: string, project: string, opts: { limit?: number; before?: string } = {}): { runs: RunInfo[]; next: string | null } {
  validateName('entity', entity);
  validateName('project', project);
  const limit = opts.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new InvalidArgumentError('limit', 'a whole number from 1 to 1000');
  let beforeSeq = Number.MAX_SAFE_INTEGER;
  if (opts.before !== undefined) {
    validateRunId(opts.before);
    beforeSeq = findRun(store.refs, { entity, project, id: opts.before }).seq;
  }
  const rows = RunDb.of(store.refs).runsOfProject(entity, project, beforeSeq, limit + 1);
  const more = rows.length > limit;
  if (more) rows.length = limit;
  return { runs: rows.map((r) => describeRun(store.refs, r)), next: more ? rows[limit - 1]!.id : null };
}
