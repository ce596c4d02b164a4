import { describeVersion } from '../commands/describeVersion.js';
import { readVersionObject } from '../commands/readVersionObject.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { Store } from '../Store.js';
import { findRegisteredModel } from './findRegisteredModel.js';
import type { RegistryVersionInfo } from './RegistryVersionInfo.js';

/** Every live version of a registered model, oldest first, with its source and producing run. */
export async function listRegistryVersions(store: Store, model: CollectionName): Promise<RegistryVersionInfo[]> {
  const c = findRegisteredModel(store.refs, model);
  const out: RegistryVersionInfo[] = [];
  for (const row of store.refs.versions(c.id)) {
    const info = await describeVersion(store, c, row);
    const producer = (await readVersionObject(store.objects, row.digest)).producer;
    out.push({ ...info, producer, metrics: null });
  }
  return out;
}
