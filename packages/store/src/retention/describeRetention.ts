import type { CollectionName } from '../names/parseCollectionName.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { Store } from '../Store.js';
import { findPointers } from '../registry/findPointers.js';
import { artifactCollection } from './artifactCollection.js';
import type { RetentionInfo, VersionRetention } from './RetentionInfo.js';

interface Row {
  number: number;
  created_at: string;
  own: number | null;
  has_own: number;
}

/** The retention settings of a collection and the expiry they give each of its versions. */
export function describeRetention(store: Store, name: CollectionName): RetentionInfo {
  const refs = store.refs;
  const c = artifactCollection(refs, name);
  const def = refs.db.prepare('SELECT ttl_seconds FROM collection_ttls WHERE collection_id = ?').pluck().get(c.id) as number | undefined;
  const rows = refs.db
    .prepare(
      `SELECT v.number, v.created_at, t.ttl_seconds AS own, t.collection_id IS NOT NULL AS has_own
       FROM versions v LEFT JOIN version_ttls t ON t.collection_id = v.collection_id AND t.number = v.number
       WHERE v.collection_id = ? ORDER BY v.number`,
    )
    .all(c.id) as Row[];
  const versions = rows.map((r): VersionRetention => {
    const ttl = r.has_own ? r.own : (def ?? null);
    const out: VersionRetention = {
      version: `v${r.number}`,
      created: r.created_at,
      expiresAt: ttl === null ? null : new Date(Date.parse(r.created_at) + ttl * 1000).toISOString(),
    };
    if (r.has_own) out.ttlSeconds = r.own;
    if (ttl !== null) {
      // As expireVersions decides when the time comes.
      const pointers = findPointers(refs, c, refs.version(c.id, r.number)!);
      if (pointers.length > 0) out.exemptWhile = pointers;
    }
    return out;
  });
  return { collection: formatCollectionName(c), defaultTtlSeconds: def ?? null, versions };
}
