import type { CollectionRow } from '../refdb/rows.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { RefDb } from '../refdb/RefDb.js';
import { DEFAULT_PROTECTED_ALIASES } from './DEFAULT_PROTECTED_ALIASES.js';

/**
 * The aliases of a collection that only an admin may move and that keep their
 * version from being deleted: a registered model's own list once it has been
 * set, otherwise (and for artifact collections) the default.
 */
export function protectedAliasesOf(refs: RefDb, collection: CollectionRow): string[] {
  if (collection.kind !== 'registry') return [...DEFAULT_PROTECTED_ALIASES];
  const row = new RegistryTables(refs).model(collection.id);
  return row ? (JSON.parse(row.protected_aliases) as string[]) : [...DEFAULT_PROTECTED_ALIASES];
}
