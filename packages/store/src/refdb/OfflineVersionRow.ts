import type { RefDb } from './RefDb.js';

/** A row of `offline_versions` (offlineSchema.ts). */
export interface OfflineVersionRow {
  collection_id: number;
  offline_digest: string;
  number: number;
  offline_number: number;
  offline_actor: string;
  offline_created: string;
  synced_by: string;
  synced_at: string;
}

export function findOfflineVersion(refs: RefDb, collectionId: number, offlineDigest: string): OfflineVersionRow | undefined {
  return refs.db
    .prepare('SELECT * FROM offline_versions WHERE collection_id = ? AND offline_digest = ?')
    .get(collectionId, offlineDigest) as OfflineVersionRow | undefined;
}

export function insertOfflineVersion(refs: RefDb, row: OfflineVersionRow): void {
  refs.db
    .prepare(
      `INSERT INTO offline_versions (collection_id, offline_digest, number, offline_number, offline_actor, offline_created, synced_by, synced_at)
       VALUES (@collection_id, @offline_digest, @number, @offline_number, @offline_actor, @offline_created, @synced_by, @synced_at)`,
    )
    .run(row);
}
