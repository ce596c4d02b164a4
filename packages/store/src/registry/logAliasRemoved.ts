import type { RefDb } from '../refdb/RefDb.js';
import type { CollectionRow, VersionRow } from '../refdb/rows.js';
import { logChange } from './logChange.js';

/** The ref-log row of an alias going away with the version it pointed at. Call inside that transaction. */
export function logAliasRemoved(refs: RefDb, collection: CollectionRow, alias: string, version: VersionRow, who: { actor: string; reason: string; time: string }): void {
  logChange(
    refs,
    { collection_id: collection.id, ref: `aliases/${alias}`, old_number: version.number, old_digest: version.digest, new_number: null, new_digest: null, ...who },
    'alias-removed',
  );
}
