import { ForbiddenError, type CollectionName, type Store } from '@arca/store';
import type { Caller } from './Caller.js';
import { protectedAliasesOf } from './protectedAliasesOf.js';
import { roleOf } from './roleOf.js';

/**
 * Throws 403 when any of `aliases` (about to be set, moved or removed on
 * `collection`) is protected and the caller is not an admin of its team. The
 * caller's write access to the team is checked before this.
 */
export function requireAliasChange(store: Store, caller: Caller, collection: CollectionName, aliases: readonly string[]): void {
  if (aliases.length === 0 || roleOf(store, caller, collection.entity) === 'admin') return;
  const protectedSet = protectedAliasesOf(store, collection);
  const hit = aliases.find((a) => protectedSet.includes(a));
  if (hit !== undefined) throw new ForbiddenError(`move protected alias ${hit}`, 'admin', collection.entity);
}
