import type { Actor } from '../commands/Actor.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { Store } from '../Store.js';
import { artifactCollection } from './artifactCollection.js';
import { describeRetention } from './describeRetention.js';
import type { RetentionInfo } from './RetentionInfo.js';
import { validateTtl } from './validateTtl.js';

/** Sets (a number of seconds) or clears (null) the default TTL of a collection's versions. */
export function setCollectionTtl(store: Store, input: Actor & { collection: CollectionName; ttlSeconds: number | null }): RetentionInfo {
  const ttl = input.ttlSeconds === null ? null : validateTtl(input.ttlSeconds, false);
  const refs = store.refs;
  refs.transaction(() => {
    const c = artifactCollection(refs, input.collection);
    if (ttl === null) refs.db.prepare('DELETE FROM collection_ttls WHERE collection_id = ?').run(c.id);
    else {
      refs.db
        .prepare('INSERT OR REPLACE INTO collection_ttls (collection_id, ttl_seconds, set_by, set_at) VALUES (?, ?, ?, ?)')
        .run(c.id, ttl, input.actor, new Date().toISOString());
    }
  });
  return describeRetention(store, input.collection);
}
