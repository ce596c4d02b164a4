import { AliasConflictError } from '../errors/AliasConflictError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import { validateAlias } from '../names/validateAlias.js';
import type { Store } from '../Store.js';
import type { Actor } from './Actor.js';
import { matchesExpectedDigest, validateExpectedDigest } from './expectedDigest.js';

/** Removes an alias and logs it; with `expect`, only if it still points at that digest (AliasConflict when it moved or is gone). */
export function removeAlias(
  store: Store,
  input: Actor & { collection: CollectionName; alias: string; expect?: string },
): { removed: { version: string; digest: string } } {
  validateAlias(input.alias);
  if (input.expect !== undefined) validateExpectedDigest(input.expect);
  const refs = store.refs;
  const name = formatCollectionName(input.collection);
  return refs.transaction(() => {
    const collection = refs.findCollection(input.collection);
    if (!collection) throw new NotFoundError('collection', name);
    const number = refs.aliasTarget(collection.id, input.alias);
    // With expect, a gone alias is a lost compare-and-swap (another remover won), like a moved one.
    if (number === undefined && input.expect !== undefined) throw new AliasConflictError(name, input.alias, input.expect, null);
    if (number === undefined) throw new NotFoundError('alias', `${name}:${input.alias}`);
    const digest = refs.version(collection.id, number)!.digest;
    if (input.expect !== undefined && !matchesExpectedDigest(input.expect, digest)) {
      throw new AliasConflictError(name, input.alias, input.expect, digest);
    }
    refs.deleteAlias(collection.id, input.alias);
    refs.appendRefLog({
      collection_id: collection.id,
      ref: `aliases/${input.alias}`,
      old_number: number,
      old_digest: digest,
      new_number: null,
      new_digest: null,
      actor: input.actor,
      reason: input.reason ?? '',
      time: new Date().toISOString(),
    });
    return { removed: { version: `v${number}`, digest } };
  });
}
