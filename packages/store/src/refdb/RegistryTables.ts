import { DELETED_PROJECT } from './DELETED_PROJECT.js';
import type { RefDb } from './RefDb.js';
import type { CollectionRow, VersionRow } from './rows.js';

export interface RegisteredModelRow {
  collection_id: number;
  description: string;
  /** JSON object */
  metadata: string;
  /** JSON array of alias names */
  protected_aliases: string;
  updated_at: string;
}

export interface VersionTagRow {
  collection_id: number;
  number: number;
  tag: string;
}

const VERSION_COLUMNS =
  'collection_id, number, digest, tree, size, file_count, link_digest, source_collection_id, source_number, actor, created_at';


/**
 * Plain reads and writes of the registry tables (registrySchema.ts), kept apart
 * from RefDb so that the core ref queries stay small. The rules live in the
 * commands under `registry/`, which call these inside `refs.transaction`.
 */
export class RegistryTables {
  constructor(private readonly refs: RefDb) {}

  /** The next `vN` of a collection: one past every number ever given, deleted ones included. */
  nextVersionNumber(collectionId: number): number {
    const row = this.refs.statement(
        `SELECT max(n) AS n FROM (
           SELECT max(number) AS n FROM versions WHERE collection_id = ?
           UNION ALL SELECT max(number) FROM deleted_versions WHERE collection_id = ?)`,
      )
      .get(collectionId, collectionId) as { n: number | null };
    return row.n === null ? 0 : row.n + 1;
  }

  model(collectionId: number): RegisteredModelRow | undefined {
    return this.refs.statement('SELECT * FROM registered_models WHERE collection_id = ?').get(collectionId) as RegisteredModelRow | undefined;
  }

  putModel(row: RegisteredModelRow): void {
    this.refs.statement(
        `INSERT INTO registered_models (collection_id, description, metadata, protected_aliases, updated_at)
         VALUES (@collection_id, @description, @metadata, @protected_aliases, @updated_at)
         ON CONFLICT (collection_id) DO UPDATE SET description = excluded.description, metadata = excluded.metadata,
           protected_aliases = excluded.protected_aliases, updated_at = excluded.updated_at`,
      )
      .run(row);
  }

  collectionTags(collectionId: number): string[] {
    return (this.refs.statement('SELECT tag FROM collection_tags WHERE collection_id = ? ORDER BY tag').all(collectionId) as { tag: string }[]).map(
      (r) => r.tag,
    );
  }

  /** True when the tag was not there before. */
  addCollectionTag(collectionId: number, tag: string): boolean {
    return this.refs.statement('INSERT OR IGNORE INTO collection_tags (collection_id, tag) VALUES (?, ?)').run(collectionId, tag).changes > 0;
  }

  /** True when the tag was there. */
  removeCollectionTag(collectionId: number, tag: string): boolean {
    return this.refs.statement('DELETE FROM collection_tags WHERE collection_id = ? AND tag = ?').run(collectionId, tag).changes > 0;
  }

  versionTags(collectionId: number, number: number): string[] {
    return (
      this.refs.statement('SELECT tag FROM version_tags WHERE collection_id = ? AND number = ? ORDER BY tag').all(collectionId, number) as {
        tag: string;
      }[]
    ).map((r) => r.tag);
  }

  addVersionTag(collectionId: number, number: number, tag: string): boolean {
    return (
      this.refs.statement('INSERT OR IGNORE INTO version_tags (collection_id, number, tag) VALUES (?, ?, ?)').run(collectionId, number, tag).changes > 0
    );
  }

  removeVersionTag(collectionId: number, number: number, tag: string): boolean {
    return this.refs.statement('DELETE FROM version_tags WHERE collection_id = ? AND number = ? AND tag = ?').run(collectionId, number, tag).changes > 0;
  }

  /** Live collections of an entity carrying the tag. */
  collectionsTagged(entity: string, tag: string): CollectionRow[] {
    return this.refs.statement(
        `SELECT c.* FROM collection_tags t JOIN collections c ON c.id = t.collection_id
         WHERE t.tag = ? AND c.entity = ? ORDER BY c.project, c.name`,
      )
      .all(tag, entity) as CollectionRow[];
  }

  /** Live versions of an entity carrying the tag. */
  versionsTagged(entity: string, tag: string): (VersionRow & { project: string; name: string })[] {
    return this.refs.statement(
        `SELECT v.*, c.project AS project, c.name AS name FROM version_tags t
         JOIN collections c ON c.id = t.collection_id
         JOIN versions v ON v.collection_id = t.collection_id AND v.number = t.number
         WHERE t.tag = ? AND c.entity = ? ORDER BY c.project, c.name, v.number`,
      )
      .all(tag, entity) as (VersionRow & { project: string; name: string })[];
  }

  /** Live registry versions that link the artifact version `number` of `sourceCollectionId`. */
  linksTo(sourceCollectionId: number, number: number): VersionRow[] {
    return this.refs.statement('SELECT * FROM versions WHERE source_collection_id = ? AND source_number = ? ORDER BY collection_id, number')
      .all(sourceCollectionId, number) as VersionRow[];
  }

  /** Moves a version row to the tombstones, with its aliases' and tags' rows gone (the caller logs them). */
  tombstoneVersion(row: VersionRow, deletedBy: string, deletedAt: string): void {
    this.refs.statement(
        `INSERT INTO deleted_versions (${VERSION_COLUMNS}, deleted_by, deleted_at)
         SELECT ${VERSION_COLUMNS}, ?, ? FROM versions WHERE collection_id = ? AND number = ?`,
      )
      .run(deletedBy, deletedAt, row.collection_id, row.number);
    this.refs.statement('DELETE FROM versions WHERE collection_id = ? AND number = ?').run(row.collection_id, row.number);
    this.refs.statement('DELETE FROM version_tags WHERE collection_id = ? AND number = ?').run(row.collection_id, row.number);
  }

  deletedVersion(collectionId: number, number: number): VersionRow | undefined {
    return this.refs.statement('SELECT * FROM deleted_versions WHERE collection_id = ? AND number = ?').get(collectionId, number) as VersionRow | undefined;
  }

  deletedVersions(collectionId: number): (VersionRow & { deleted_by: string; deleted_at: string })[] {
    return this.refs.statement('SELECT * FROM deleted_versions WHERE collection_id = ? ORDER BY number').all(collectionId) as (VersionRow & {
      deleted_by: string;
      deleted_at: string;
    })[];
  }

  /** Takes a collection (already emptied of versions by the caller) out of the namespace. */
  tombstoneCollection(c: CollectionRow, deletedBy: string, deletedAt: string): void {
    this.refs.statement('INSERT INTO deleted_collections (collection_id, entity, project, name, deleted_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.id, c.entity, c.project, c.name, deletedBy, deletedAt);
    this.refs.statement('DELETE FROM collection_tags WHERE collection_id = ?').run(c.id);
    this.refs.statement('DELETE FROM registered_models WHERE collection_id = ?').run(c.id);
    this.refs.statement('DELETE FROM aliases WHERE collection_id = ?').run(c.id);
    this.refs.statement('UPDATE collections SET project = ?, name = ? WHERE id = ?').run(DELETED_PROJECT, String(c.id), c.id);
  }

  putRefLogDetail(seq: number, kind: string, data: Record<string, unknown>): void {
    this.refs.statement('INSERT INTO reflog_details (seq, kind, data) VALUES (?, ?, ?)').run(seq, kind, JSON.stringify(data));
  }

  refLogDetail(seq: number): { kind: string; data: Record<string, unknown> } | undefined {
    const row = this.refs.statement('SELECT kind, data FROM reflog_details WHERE seq = ?').get(seq) as { kind: string; data: string } | undefined;
    return row && { kind: row.kind, data: JSON.parse(row.data) as Record<string, unknown> };
  }

  /** The name a deleted collection had. */
  deletedCollection(collectionId: number): { entity: string; project: string; name: string } | undefined {
    return this.refs.statement('SELECT entity, project, name FROM deleted_collections WHERE collection_id = ?').get(collectionId) as
      | { entity: string; project: string; name: string }
      | undefined;
  }

  refLogDetails(collectionId: number): Map<number, { kind: string; data: Record<string, unknown> }> {
    const rows = this.refs.statement('SELECT d.seq, d.kind, d.data FROM reflog_details d JOIN reflog r ON r.seq = d.seq WHERE r.collection_id = ?')
      .all(collectionId) as { seq: number; kind: string; data: string }[];
    return new Map(rows.map((r) => [r.seq, { kind: r.kind, data: JSON.parse(r.data) as Record<string, unknown> }]));
  }
}
