import type { Actor } from '../commands/Actor.js';
import { resolveVersion } from '../commands/resolveVersion.js';
import type { Ref } from '../names/parseRef.js';
import type { Store } from '../Store.js';
import { artifactCollection } from './artifactCollection.js';
import { describeRetention } from './describeRetention.js';
import { putVersionTtlInTransaction } from './putVersionTtlInTransaction.js';
import type { RetentionInfo } from './RetentionInfo.js';
import { validateTtl } from './validateTtl.js';

/**
 * Gives one version its own TTL (seconds), makes it kept forever (null), or
 * lets it follow the collection's default again ('default').
 */
export function setVersionTtl(store: Store, input: Actor & { ref: Ref; ttlSeconds: number | null | 'default' }): RetentionInfo {
  const ttl = input.ttlSeconds === 'default' ? 'default' : validateTtl(input.ttlSeconds, true);
  const refs = store.refs;
  refs.transaction(() => {
    artifactCollection(refs, input.ref);
    const { collection, version } = resolveVersion(refs, input.ref);
    putVersionTtlInTransaction(refs, collection.id, version.number, ttl, input.actor, new Date().toISOString());
  });
  return describeRetention(store, input.ref);
}
