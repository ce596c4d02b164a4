import type { RefDb } from '../refdb/RefDb.js';
import type { VersionRow } from '../refdb/rows.js';
import { describeRun } from './describeRun.js';
import { RunDb } from './RunDb.js';
import type { RunInfo } from './RunInfo.js';

/**
 * The run whose log created a version (its producer), with that run's summary,
 * or null when it was logged outside a run. A registry version answers for the
 * artifact version it links. For listings: one indexed read per version.
 */
export function producerRunOf(refs: RefDb, version: VersionRow): RunInfo | null {
  const runs = RunDb.of(refs);
  const source =
    version.source_collection_id !== null && version.source_number !== null
      ? { collection: version.source_collection_id, number: version.source_number }
      : { collection: version.collection_id, number: version.number };
  const seq = runs.producerOf(source.collection, source.number);
  return seq === undefined ? null : describeRun(refs, runs.runBySeq(seq));
}
