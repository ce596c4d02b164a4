import type { Actor } from '../commands/Actor.js';
import { InUseError, type Pointer } from '../errors/InUseError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import { validateName } from '../names/validateName.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import { findPointers } from './findPointers.js';
import { logAliasRemoved } from './logAliasRemoved.js';
import { logChange } from './logChange.js';
import { logVersionRemoved } from './logVersionRemoved.js';

/**
 * Deletes a collection (artifact collection or registered model) with all its
 * versions, aliases and tags. Refused with InUse while any of its versions is
 * linked from a registry or carries a protected alias. The collection's ref log
 * stays (ending with a `collection-deleted` row) and its name is free again.
 */
export function deleteCollection(store: Store, input: Actor & { collection: CollectionName }): { deleted: { collection: string; versions: number } } {
  const c = input.collection;
  validateName('entity', c.entity);
  validateName('project', c.project);
  validateName('name', c.name);
  const refs = store.refs;
  const name = formatCollectionName(c);
  return refs.transaction(() => {
    const collection = refs.findCollection(c);
    if (!collection) throw new NotFoundError('collection', name);
    const versions = refs.versions(collection.id);
    const pointers: Pointer[] = versions.flatMap((v) => findPointers(refs, collection, v));
    if (pointers.length > 0) throw new InUseError(name, pointers);
    const now = new Date().toISOString();
    const who = { actor: input.actor, reason: input.reason ?? '', time: now };
    // Each alias and version goes as it would one by one, so whoever follows an
    // alias (the operator, a webhook) hears that it is gone, not only that the
    // collection is.
    for (const a of refs.aliases(collection.id)) logAliasRemoved(refs, collection, a.alias, versions.find((v) => v.number === a.number)!, who);
    for (const v of versions) logVersionRemoved(refs, collection, v, who);
    logChange(
      refs,
      { collection_id: collection.id, ref: 'collection', old_number: null, old_digest: null, new_number: null, new_digest: null, actor: input.actor, reason: input.reason ?? '', time: now },
      'collection-deleted',
      { collection: name, versions: versions.length },
    );
    const tables = new RegistryTables(refs);
    for (const v of versions) tables.tombstoneVersion(v, input.actor, now);
    tables.tombstoneCollection(collection, input.actor, now);
    return { deleted: { collection: name, versions: versions.length } };
  });
}
