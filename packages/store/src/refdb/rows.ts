/** Row shapes of the ref database, as better-sqlite3 returns them. */

export interface CollectionRow {
  id: number;
  entity: string;
  project: string;
  name: string;
  type: string;
  kind: 'artifact' | 'registry';
  created_at: string;
}

export interface VersionRow {
  collection_id: number;
  number: number;
  digest: string;
  tree: string;
  size: number;
  file_count: number;
  link_digest: string | null;
  source_collection_id: number | null;
  source_number: number | null;
  actor: string;
  created_at: string;
}

export interface RefLogRow {
  seq: number;
  collection_id: number;
  ref: string;
  old_number: number | null;
  old_digest: string | null;
  new_number: number | null;
  new_digest: string | null;
  actor: string;
  reason: string;
  time: string;
}

/** A ref log row joined with the name and kind of its collection. */
export interface RefLogEventRow extends RefLogRow {
  entity: string;
  project: string;
  name: string;
  kind: CollectionRow['kind'];
}
