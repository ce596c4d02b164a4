import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionRow, VersionRow } from '../refdb/rows.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import { readVersionObject } from './readVersionObject.js';
import type { VersionInfo } from './VersionInfo.js';

/** The full description of a version row, with its aliases and the metadata of its version object. */
export async function describeVersion(store: Store, collection: CollectionRow, row: VersionRow): Promise<VersionInfo> {
  const obj = await readVersionObject(store.objects, row.digest);
  const aliases = store.refs
    .aliases(collection.id)
    .filter((a) => a.number === row.number)
    .map((a) => a.alias);
  let source: VersionInfo['source'] = null;
  if (row.source_collection_id !== null && row.source_number !== null) {
    source = {
      collection: formatCollectionName(store.refs.collectionById(row.source_collection_id)),
      version: `v${row.source_number}`,
      digest: row.digest,
    };
  }
  return {
    collection: formatCollectionName(collection),
    kind: collection.kind,
    type: collection.type,
    version: `v${row.number}`,
    number: row.number,
    digest: row.digest,
    tree: row.tree,
    size: row.size,
    fileCount: row.file_count,
    aliases,
    tags: new RegistryTables(store.refs).versionTags(collection.id, row.number),
    metadata: obj.metadata,
    description: obj.description,
    actor: row.actor,
    createdAt: row.created_at,
    source,
    producer: obj.producer,
  };
}
