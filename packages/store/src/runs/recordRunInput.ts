import type { Ref } from '../names/parseRef.js';
import { describeVersion } from '../commands/describeVersion.js';
import { resolveVersion } from '../commands/resolveVersion.js';
import type { VersionInfo } from '../commands/VersionInfo.js';
import type { Store } from '../Store.js';
import type { RunPath } from './parseRunPath.js';
import { requireRunningRun } from './requireRunningRun.js';
import { RunDb } from './RunDb.js';

/**
 * Records that a run used the version `ref` names now (W&B's `use_artifact`) and
 * returns that version, so the caller downloads exactly what was recorded even if
 * an alias moves meanwhile. A registry ref is recorded as the registry version;
 * lineage follows its link to the source. Using a version twice records it once.
 */
export async function recordRunInput(store: Store, path: RunPath, ref: Ref): Promise<{ created: boolean; version: VersionInfo }> {
  const runs = RunDb.of(store.refs);
  const { created, collection, version } = store.refs.transaction(() => {
    const run = requireRunningRun(store.refs, path, ref.entity, 'ref');
    const found = resolveVersion(store.refs, ref);
    const created = runs.putInput(run.seq, found.collection.id, found.version.number, new Date().toISOString());
    return { created, ...found };
  });
  return { created, version: await describeVersion(store, collection, version) };
}
