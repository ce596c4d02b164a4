import type { Pointer } from '../errors/InUseError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { CollectionRow, VersionRow } from '../refdb/rows.js';
import { protectedAliasesOf } from './protectedAliasesOf.js';

/**
 * What keeps a version from being deleted: the protected aliases on it and,
 * for an artifact version, every registry version linking it.
 */
export function findPointers(refs: RefDb, collection: CollectionRow, row: VersionRow): Pointer[] {
  const name = formatCollectionName(collection);
  const target = `${name}:v${row.number}`;
  const protectedAliases = new Set(protectedAliasesOf(refs, collection));
  const pointers: Pointer[] = refs
    .aliases(collection.id)
    .filter((a) => a.number === row.number && protectedAliases.has(a.alias))
    .map((a) => ({ kind: 'alias', collection: name, alias: a.alias, target }));
  if (collection.kind === 'artifact') {
    for (const link of new RegistryTables(refs).linksTo(collection.id, row.number)) {
      pointers.push({ kind: 'link', registry: formatCollectionName(refs.collectionById(link.collection_id)), version: `v${link.number}`, target });
    }
  }
  return pointers;
}
