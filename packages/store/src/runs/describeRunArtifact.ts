import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { RunArtifact } from './RunInfo.js';
import type { RunArtifactRow } from './RunRow.js';

/** An input or output row as the API shows it. */
export function describeRunArtifact(refs: RefDb, row: RunArtifactRow): RunArtifact {
  const tables = new RegistryTables(refs);
  const collection = refs.collectionById(row.collection_id);
  // A run keeps its record of a version that was deleted since (decision 015): shown with `deleted`.
  const live = refs.version(row.collection_id, row.number);
  const version = live ?? tables.deletedVersion(row.collection_id, row.number)!;
  return {
    collection: formatCollectionName(tables.deletedCollection(collection.id) ?? collection),
    kind: collection.kind,
    type: collection.type,
    version: `v${row.number}`,
    digest: version.digest,
    time: row.time,
    ...(row.produced !== undefined ? { produced: row.produced === 1 } : {}),
    ...(live ? {} : { deleted: true }),
  };
}
