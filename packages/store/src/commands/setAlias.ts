import { AliasConflictError } from '../errors/AliasConflictError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { isDigest } from '../digest/isDigest.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { Selector } from '../names/parseRef.js';
import { validateAlias } from '../names/validateAlias.js';
import type { Store } from '../Store.js';
import type { Actor } from './Actor.js';
import { describeVersion } from './describeVersion.js';
import { moveAliasInTransaction } from './moveAliasInTransaction.js';
import { resolveVersion } from './resolveVersion.js';
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

/** Moves (or creates) an alias; with `expect`, refuses if the alias moved meanwhile. */
export async function setAlias(store: Store, input: SetAliasInput): Promise<VersionInfo> {
  validateAlias(input.alias);
  if (input.expect != null && !isDigest(input.expect)) throw new InvalidArgumentError('expect', 'not a b3 digest');
  const refs = store.refs;
  const { collection, row } = refs.transaction(() => {
    const { collection, version } = resolveVersion(refs, input.target);
    if (input.expect !== undefined) {
      const current = refs.aliasTarget(collection.id, input.alias);
      const actual = current === undefined ? null : refs.version(collection.id, current)!.digest;
      if (actual !== input.expect) throw new AliasConflictError(formatCollectionName(collection), input.alias, input.expect, actual);
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
