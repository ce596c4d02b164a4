import { AliasConflictError } from '../errors/AliasConflictError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { Selector } from '../names/parseRef.js';
import { validateAlias } from '../names/validateAlias.js';
import type { Store } from '../Store.js';
import type { Actor } from './Actor.js';
import { describeVersion } from './describeVersion.js';
import { moveAliasInTransaction } from './moveAliasInTransaction.js';
import { resolveVersion } from './resolveVersion.js';
import { matchesExpectedDigest, validateExpectedDigest } from './expectedDigest.js';
import type { VersionInfo } from './VersionInfo.js';

export interface SetAliasInput extends Actor {
  /** The version the alias should point at; the alias lives in its collection. */
  target: CollectionName & { selector: Selector };
  alias: string;
  /**
   * Compare-and-swap: the digest the alias must point at now, or null for "must
   * not exist yet". Undefined moves it unconditionally.
   */
  expect?: string | null;
}

/** Moves (or creates) an alias; with `expect` (a digest or its first 12+ hex digits; null: no alias yet), refuses if the alias moved meanwhile. */
export async function setAlias(store: Store, input: SetAliasInput): Promise<VersionInfo> {
  validateAlias(input.alias);
  if (input.expect != null) validateExpectedDigest(input.expect);
  const refs = store.refs;
  const { collection, row } = refs.transaction(() => {
    const { collection, version } = resolveVersion(refs, input.target);
    if (input.expect !== undefined) {
      const current = refs.aliasTarget(collection.id, input.alias);
      const actual = current === undefined ? null : refs.version(collection.id, current)!.digest;
      if (input.expect === null ? actual !== null : !matchesExpectedDigest(input.expect, actual)) throw new AliasConflictError(formatCollectionName(collection), input.alias, input.expect, actual);
    }
    moveAliasInTransaction(refs, collection, input.alias, version.number, {
      actor: input.actor,
      reason: input.reason ?? '',
      time: new Date().toISOString(),
    });
    return { collection, row: version };
  });
  return describeVersion(store, collection, row);
}
