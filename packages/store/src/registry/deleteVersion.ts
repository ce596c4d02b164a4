import type { Actor } from '../commands/Actor.js';
import { moveAliasInTransaction } from '../commands/moveAliasInTransaction.js';
import { resolveVersion } from '../commands/resolveVersion.js';
import { InUseError } from '../errors/InUseError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { Selector } from '../names/parseRef.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import { findPointers } from './findPointers.js';
import { logAliasRemoved } from './logAliasRemoved.js';
import { logVersionRemoved } from './logVersionRemoved.js';

export interface DeleteVersionResult {
  deleted: { collection: string; version: string; digest: string };
  /** Aliases that pointed at it and were removed (`latest` too, when no version is left for it). */
  aliasesRemoved: string[];
  /** Where `latest` points now (the newest remaining version), or null when none is left. */
  latest: string | null;
}

/**
 * Deletes one version; in a registered model that is an unlink. Refused with
 * InUse (naming each pointer) while a protected alias points at it or, for an
 * artifact version, a registry version links it. Otherwise its other aliases
 * are removed, `latest` falls back to the newest remaining version, and the
 * version is tombstoned: it no longer resolves, its number is never given again,
 * and its objects stay until gc finds nothing else uses them (decision 015).
 */
export function deleteVersion(store: Store, input: Actor & { ref: CollectionName & { selector: Selector } }): DeleteVersionResult {
  const refs = store.refs;
  return refs.transaction(() => {
    const { collection, version } = resolveVersion(refs, input.ref);
    const name = formatCollectionName(collection);
    const pointers = findPointers(refs, collection, version);
    if (pointers.length > 0) throw new InUseError(`${name}:v${version.number}`, pointers);
    const now = new Date().toISOString();
    const who = { actor: input.actor, reason: input.reason ?? '', time: now };
    const remaining = refs
      .versions(collection.id)
      .filter((v) => v.number !== version.number)
      .at(-1);
    const removed: string[] = [];
    for (const a of refs.aliases(collection.id).filter((x) => x.number === version.number)) {
      if (a.alias === 'latest' && remaining) {
        moveAliasInTransaction(refs, collection, 'latest', remaining.number, who);
        continue;
      }
      refs.deleteAlias(collection.id, a.alias);
      logAliasRemoved(refs, collection, a.alias, version, who);
      removed.push(a.alias);
    }
    logVersionRemoved(refs, collection, version, who);
    new RegistryTables(refs).tombstoneVersion(version, input.actor, now);
    return {
      deleted: { collection: name, version: `v${version.number}`, digest: version.digest },
      aliasesRemoved: removed,
      latest: remaining ? `v${remaining.number}` : null,
    };
  });
}
