import { describeVersion } from '../commands/describeVersion.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import { producerRunOf } from '../runs/producerRunOf.js';
import type { Store } from '../Store.js';
import { findRegisteredModel } from './findRegisteredModel.js';
import type { RegistryVersionInfo } from './RegistryVersionInfo.js';

/** Every live version of a registered model, oldest first, with its source and the metrics of the run that produced it. */
export async function listRegistryVersions(store: Store, model: CollectionName): Promise<RegistryVersionInfo[]> {
  const c = findRegisteredModel(store.refs, model);
  const out: RegistryVersionInfo[] = [];
  for (const row of store.refs.versions(c.id)) {
    const info = await describeVersion(store, c, row);
    const run = producerRunOf(store.refs, row);
    // A summary may hold notes ("oom at epoch 3"); compare versions by the numbers only.
    const metrics = run ? Object.fromEntries(Object.entries(run.summary).filter((e): e is [string, number] => typeof e[1] === 'number')) : null;
    out.push({ ...info, metrics });
  }
  return out;
}
