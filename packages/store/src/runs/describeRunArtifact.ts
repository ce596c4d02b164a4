import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { RunArtifact } from './RunInfo.js';
import type { RunArtifactRow } from './RunRow.js';

/** An input or output row as the API shows it. */
export function describeRunArtifact(refs: RefDb, row: RunArtifactRow): RunArtifact {
  const collection = refs.collectionById(row.collection_id);
  const version = refs.version(row.collection_id, row.number)!;
  return {
    collection: formatCollectionName(collection),
    kind: collection.kind,
    type: collection.type,
    version: `v${row.number}`,
    digest: version.digest,
    time: row.time,
    ...(row.produced !== undefined ? { produced: row.produced === 1 } : {}),
  };
}
