import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { CollectionRow, VersionRow } from '../refdb/rows.js';
import { moveAliasInTransaction } from './moveAliasInTransaction.js';

/**
 * Records a new version row, logs it, and points `latest` and the given aliases
 * at it: what every new `vN` does, logged or linked. Call inside a RefDb transaction.
 */
export function appendVersionInTransaction(
  refs: RefDb,
  collection: CollectionRow,
  row: VersionRow,
  aliases: readonly string[],
  who: { actor: string; reason: string; time: string },
): void {
  refs.insertVersion(row);
  const seq = refs.appendRefLog({
    collection_id: collection.id,
    ref: `versions/v${row.number}`,
    old_number: null,
    old_digest: null,
    new_number: row.number,
    new_digest: row.digest,
    ...who,
  });
  // A link says what it links, in the model's history as its unlink does.
  if (row.source_collection_id !== null) {
    new RegistryTables(refs).putRefLogDetail(seq, 'linked', {
      source: { collection: formatCollectionName(refs.collectionById(row.source_collection_id)), version: `v${row.source_number}` },
    });
  }
  moveAliasInTransaction(refs, collection, 'latest', row.number, who);
  for (const a of aliases) moveAliasInTransaction(refs, collection, a, row.number, who);
}
