import { InUseError } from '../errors/InUseError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionRow } from '../refdb/rows.js';
import { deleteVersion } from '../registry/deleteVersion.js';
import { findPointers } from '../registry/findPointers.js';
import type { Store } from '../Store.js';
import type { ExpiryReport } from './ExpiryReport.js';

/** Who the ref log names for deletions by retention. */
export const RETENTION_ACTOR = 'arca-retention';

interface Due {
  collection_id: number;
  number: number;
  digest: string;
  created_at: string;
  ttl: number;
}

/**
 * Deletes every artifact version whose TTL has run out, exactly as a user's
 * delete would (its aliases go, `latest` falls back, the ref log says who and
 * why), except those something still points at: a registry link or a protected
 * alias makes a version exempt for as long as it stays. Their objects are left
 * for garbage collection.
 */
export function expireVersions(store: Store, options: { now?: number; dryRun?: boolean } = {}): ExpiryReport {
  const now = options.now ?? Date.now();
  const refs = store.refs;
  const due = (
    refs.db
      .prepare(
        `SELECT v.collection_id, v.number, v.digest, v.created_at,
                CASE WHEN t.collection_id IS NOT NULL THEN t.ttl_seconds ELSE d.ttl_seconds END AS ttl
         FROM versions v
         JOIN collections c ON c.id = v.collection_id AND c.kind = 'artifact'
         LEFT JOIN version_ttls t ON t.collection_id = v.collection_id AND t.number = v.number
         LEFT JOIN collection_ttls d ON d.collection_id = v.collection_id
         WHERE ttl IS NOT NULL
         ORDER BY v.collection_id, v.number`,
      )
      .all() as Due[]
  ).filter((r) => Date.parse(r.created_at) + r.ttl * 1000 <= now);

  const report: ExpiryReport = { expired: [], exempt: [] };
  for (const r of due) {
    const collection = refs.collectionById(r.collection_id) as CollectionRow;
    const version = `${formatCollectionName(collection)}:v${r.number}`;
    const expiresAt = new Date(Date.parse(r.created_at) + r.ttl * 1000).toISOString();
    if (options.dryRun) {
      const row = refs.version(r.collection_id, r.number);
      if (!row) continue;
      const pointers = findPointers(refs, collection, row);
      if (pointers.length > 0) report.exempt.push({ version, digest: r.digest, expiresAt, pointers });
      else report.expired.push({ version, digest: r.digest, expiresAt });
      continue;
    }
    try {
      deleteVersion(store, {
        ref: { entity: collection.entity, project: collection.project, name: collection.name, selector: { kind: 'number', number: r.number } },
        actor: RETENTION_ACTOR,
        reason: `retention: expired at ${expiresAt}`,
      });
      report.expired.push({ version, digest: r.digest, expiresAt });
    } catch (err) {
      if (err instanceof InUseError) report.exempt.push({ version, digest: r.digest, expiresAt, pointers: err.data.pointers });
      else if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return report;
}
