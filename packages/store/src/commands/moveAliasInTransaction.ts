import type { RefDb } from '../refdb/RefDb.js';
import type { CollectionRow } from '../refdb/rows.js';

/**
 * Points `alias` at version `number` and logs the move; a no-op when it already
 * points there. Call inside a RefDb transaction.
 */
export function moveAliasInTransaction(
  refs: RefDb,
  collection: CollectionRow,
  alias: string,
  number: number,
  who: { actor: string; reason: string; time: string },
): void {
  const old = refs.aliasTarget(collection.id, alias);
  if (old === number) return;
  refs.putAlias(collection.id, alias, number);
  refs.appendRefLog({
    collection_id: collection.id,
    ref: `aliases/${alias}`,
    old_number: old ?? null,
    old_digest: old === undefined ? null : refs.version(collection.id, old)!.digest,
    new_number: number,
    new_digest: refs.version(collection.id, number)!.digest,
    actor: who.actor,
    reason: who.reason,
    time: who.time,
  });
}
