import type { RefDb } from '../refdb/RefDb.js';
import { MAX_TTL_SECONDS } from './MAX_TTL_SECONDS.js';
import { putVersionTtlInTransaction } from './putVersionTtlInTransaction.js';

/**
 * The TTL given with a log whose content an existing version already holds.
 * A version expires at its creation plus its TTL, so `--ttl 30d` applied as it
 * is to a checkpoint first logged 40 days ago would expire it at the next
 * retention pass, minutes after the user logged it. So the TTL counts from this
 * log, and it only ever keeps the version longer: an own TTL that already
 * reaches further (or null, kept forever) stays, since whoever set it wanted
 * the version at least that long.
 */
export function relogTtlInTransaction(
  refs: RefDb,
  version: { collection_id: number; number: number; created_at: string },
  ttl: number | null,
  actor: string,
  now: string,
): void {
  if (ttl === null) return putVersionTtlInTransaction(refs, version.collection_id, version.number, null, actor, now);
  const age = Math.max(0, Math.ceil((Date.parse(now) - Date.parse(version.created_at)) / 1000));
  const fromNow = Math.min(MAX_TTL_SECONDS, age + ttl);
  const own = refs.statement('SELECT ttl_seconds FROM version_ttls WHERE collection_id = ? AND number = ?').get(version.collection_id, version.number) as
    | { ttl_seconds: number | null }
    | undefined;
  if (own !== undefined && (own.ttl_seconds === null || own.ttl_seconds >= fromNow)) return;
  putVersionTtlInTransaction(refs, version.collection_id, version.number, fromNow, actor, now);
}
