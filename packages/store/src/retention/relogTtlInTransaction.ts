import type { RefDb } from '../refdb/RefDb.js';
import { MAX_TTL_SECONDS } from './MAX_TTL_SECONDS.js';
import { putVersionTtlInTransaction } from './putVersionTtlInTransaction.js';

/**
 * Retention of an existing version that a log of equal content lands on. A
 * version expires at its creation plus its TTL, so a TTL applied as it is to a
 * checkpoint first logged 40 days ago would expire it at the next retention
 * pass, minutes after the user logged it and moved aliases to it. So:
 * - a TTL given with the log (`ttl`) counts from this log, and only ever keeps
 *   the version longer: an own TTL that already reaches further (or null, kept
 *   forever) stays, since whoever set it wanted the version at least that long;
 * - without one (`undefined`), a version that follows its collection's default
 *   gets that default counted from this log, as a new version would; a version
 *   with a TTL of its own keeps it.
 */
export function relogTtlInTransaction(
  refs: RefDb,
  version: { collection_id: number; number: number; created_at: string },
  ttl: number | null | undefined,
  actor: string,
  now: string,
): void {
  if (ttl === null) return putVersionTtlInTransaction(refs, version.collection_id, version.number, null, actor, now);
  const own = refs.statement('SELECT ttl_seconds FROM version_ttls WHERE collection_id = ? AND number = ?').get(version.collection_id, version.number) as
    | { ttl_seconds: number | null }
    | undefined;
  let given = ttl;
  if (given === undefined) {
    if (own !== undefined) return;
    const byDefault = refs.statement('SELECT ttl_seconds FROM collection_ttls WHERE collection_id = ?').get(version.collection_id) as { ttl_seconds: number } | undefined;
    if (byDefault === undefined) return;
    given = byDefault.ttl_seconds;
  }
  const age = Math.max(0, Math.ceil((Date.parse(now) - Date.parse(version.created_at)) / 1000));
  const fromNow = Math.min(MAX_TTL_SECONDS, age + given);
  if (own !== undefined && (own.ttl_seconds === null || own.ttl_seconds >= fromNow)) return;
  putVersionTtlInTransaction(refs, version.collection_id, version.number, fromNow, actor, now);
}
