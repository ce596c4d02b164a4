import type { RefDb } from '../refdb/RefDb.js';

/**
 * Writes (or, with 'default', removes) one version's own TTL. The caller holds
 * the ref database's transaction: a commit with a TTL records both or neither.
 */
export function putVersionTtlInTransaction(refs: RefDb, collectionId: number, number: number, ttl: number | null | 'default', actor: string, now: string): void {
  if (ttl === 'default') {
    refs.statement('DELETE FROM version_ttls WHERE collection_id = ? AND number = ?').run(collectionId, number);
  } else {
    refs.statement('INSERT OR REPLACE INTO version_ttls (collection_id, number, ttl_seconds, set_by, set_at) VALUES (?, ?, ?, ?, ?)').run(collectionId, number, ttl, actor, now);
  }
}
