import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { Store } from '../Store.js';
import { describeVersion } from './describeVersion.js';
import type { VersionInfo } from './VersionInfo.js';

/** Every version of a collection, oldest first, each with its aliases. */
export async function listVersions(store: Store, c: CollectionName): Promise<VersionInfo[]> {
  const collection = store.refs.findCollection(c);
  if (!collection) throw new NotFoundError('collection', formatCollectionName(c));
  const out: VersionInfo[] = [];
  for (const row of store.refs.versions(collection.id)) out.push(await describeVersion(store, collection, row));
  return out;
}
