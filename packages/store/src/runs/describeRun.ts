import type { RefDb } from '../refdb/RefDb.js';
import { formatRunPath } from './formatRunPath.js';
import { RunDb } from './RunDb.js';
import type { RunInfo } from './RunInfo.js';
import type { RunRow } from './RunRow.js';

/** The API's view of a run row: parsed config, and the summary (last values, overrides on top). */
export function describeRun(refs: RefDb, row: RunRow): RunInfo {
  const summary: Record<string, unknown> = {};
  for (const { key, value } of RunDb.of(refs).lastValues(row.seq)) summary[key] = value;
  Object.assign(summary, JSON.parse(row.summary_overrides) as Record<string, unknown>);
  return {
    path: formatRunPath(row),
    entity: row.entity,
    project: row.project,
    id: row.id,
    name: row.name,
    jobType: row.job_type,
    state: row.state,
    config: JSON.parse(row.config) as Record<string, unknown>,
    actor: row.actor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    lastStep: row.next_step > 0 ? row.next_step - 1 : null,
    summary,
  };
}
