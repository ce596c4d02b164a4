import { NotFoundError } from '../errors/NotFoundError.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { RunPath } from './parseRunPath.js';
import { RunDb } from './RunDb.js';
import type { RunRow } from './RunRow.js';

/** The run at `entity/project/id`, or NotFound (also when the id exists under another project: ids do not leak across teams). */
export function findRun(refs: RefDb, path: RunPath): RunRow {
  const row = RunDb.of(refs).runById(path.id);
  if (!row || row.entity !== path.entity || row.project !== path.project) {
    throw new NotFoundError('run', `${path.entity}/${path.project}/${path.id}`);
  }
  return row;
}
