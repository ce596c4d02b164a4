import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { CollectionRow, VersionRow } from '../refdb/rows.js';
import { logChange } from './logChange.js';

/**
 * The ref-log row of a version going away: `unlinked` in a registered model
 * (with its source), `deleted` otherwise. Events and webhooks are made from it.
 * Call inside the transaction that removes the version.
 */
export function logVersionRemoved(refs: RefDb, collection: CollectionRow, version: VersionRow, who: { actor: string; reason: string; time: string }): void {
  logChange(
    refs,
    { collection_id: collection.id, ref: `versions/v${version.number}`, old_number: version.number, old_digest: version.digest, new_number: null, new_digest: null, ...who },
    collection.kind === 'registry' ? 'unlinked' : 'deleted',
    version.source_collection_id !== null
      ? { source: { collection: formatCollectionName(refs.collectionById(version.source_collection_id)), version: `v${version.source_number}` } }
      : {},
  );
}
