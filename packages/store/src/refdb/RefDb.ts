import Database from 'better-sqlite3';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { CollectionRow, RefLogEventRow, RefLogRow, VersionRow } from './rows.js';
import { gcSchemaSql } from './gcSchema.js';
import { runsSchemaSql } from './runsSchema.js';
import { accessSchemaSql } from './accessSchema.js';
import { registrySchemaSql } from './registrySchema.js';
import { retentionSchemaSql } from './retentionSchema.js';
import { SCHEMA_VERSION, schemaSql } from './schema.js';
import { webhooksSchemaSql } from './webhooksSchema.js';
import { offlineSchemaSql } from './offlineSchema.js';

export type NewRefLogEntry = Omit<RefLogRow, 'seq'>;

/**
 * The ref database on SQLite (WAL). Plain reads and writes of rows; the rules
 * (numbering, dedup, compare-and-swap) live in the commands that call these
 * inside `transaction`, which takes the write lock up front (BEGIN IMMEDIATE) so
 * that concurrent writers, in this process or another, queue instead of racing.
 */
export class RefDb {
  readonly db: Database.Database;
  private readonly commitListeners = new Set<() => void>();
  private refLogTouched = false;
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(path: string, options: { readonly?: boolean } = {}): RefDb {
    const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // FULL: a commit is on disk when it returns, so an acknowledged version survives power loss.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > SCHEMA_VERSION) throw new Error(`ref database schema ${current} is newer than this Arca (${SCHEMA_VERSION})`);
      db.exec(schemaSql);
      db.exec(gcSchemaSql);
      db.exec(runsSchemaSql);
      db.exec(webhooksSchemaSql);
      db.exec(offlineSchemaSql);
      db.exec(accessSchemaSql);
      db.exec(registrySchemaSql);
      db.exec(retentionSchemaSql);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    return new RefDb(db);
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }

  /**
   * The prepared statement for `sql`, prepared once per connection: preparing
   * costs more than the small queries themselves (on the resolve path, most of
   * a request's CPU). Callers use `get`/`all`/`run` only, which finish before
   * they return, so one statement can serve every caller in turn; never change
   * a shared statement's mode (`pluck`, `raw`, `expand`). The map is bounded by
   * the distinct SQL texts, which only `refLogRange` varies (with the number of
   * entities in a filter); past a few hundred it starts over.
   */
  statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= 512) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  transaction<T>(fn: () => T): T {
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (err) {
      if (!this.db.inTransaction) this.refLogTouched = false;
      throw err;
    }
    // Listeners hear of ref log rows only once they are committed (and so visible to every reader).
    if (this.refLogTouched && !this.db.inTransaction) {
      this.refLogTouched = false;
      for (const listener of this.commitListeners) listener();
    }
    return result;
  }

  /**
   * Calls `listener` (synchronously, keep it short) after each transaction that
   * appended to the ref log commits in this process; returns the unsubscribe.
   * Writers in other processes are not seen: pair it with polling lastRefLogSeq.
   */
  onRefLogCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  findCollection(c: CollectionName): CollectionRow | undefined {
    return this.statement('SELECT * FROM collections WHERE entity = ? AND project = ? AND name = ?')
      .get(c.entity, c.project, c.name) as CollectionRow | undefined;
  }

  /** A collection of the project whose name equals `c.name` but for ASCII case (names are ASCII). */
  findCollectionIgnoringCase(c: CollectionName): CollectionRow | undefined {
    return this.statement('SELECT * FROM collections WHERE entity = ? AND project = ? AND name = ? COLLATE NOCASE ORDER BY id LIMIT 1')
      .get(c.entity, c.project, c.name) as CollectionRow | undefined;
  }

  collectionById(id: number): CollectionRow {
    return this.statement('SELECT * FROM collections WHERE id = ?').get(id) as CollectionRow;
  }

  createCollection(c: CollectionName, type: string, kind: CollectionRow['kind'], now: string): CollectionRow {
    this.statement('INSERT INTO collections (entity, project, name, type, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.entity, c.project, c.name, type, kind, now);
    return this.findCollection(c)!;
  }

  listCollections(entity: string, project: string): CollectionRow[] {
    return this.statement('SELECT * FROM collections WHERE entity = ? AND project = ? ORDER BY name')
      .all(entity, project) as CollectionRow[];
  }

  allCollections(): CollectionRow[] {
    return this.statement('SELECT * FROM collections ORDER BY id').all() as CollectionRow[];
  }

  versions(collectionId: number): VersionRow[] {
    return this.statement('SELECT * FROM versions WHERE collection_id = ? ORDER BY number').all(collectionId) as VersionRow[];
  }

  version(collectionId: number, number: number): VersionRow | undefined {
    return this.statement('SELECT * FROM versions WHERE collection_id = ? AND number = ?').get(collectionId, number) as
      | VersionRow
      | undefined;
  }

  versionByDigest(collectionId: number, digest: string): VersionRow | undefined {
    return this.statement('SELECT * FROM versions WHERE collection_id = ? AND digest = ?').get(collectionId, digest) as
      | VersionRow
      | undefined;
  }

  /** Versions whose digest starts with `b3:<hexPrefix>` (the prefix is checked to be hex by the caller). */
  versionsByDigestPrefix(collectionId: number, hexPrefix: string): VersionRow[] {
    const low = `b3:${hexPrefix}`;
    return this.statement('SELECT * FROM versions WHERE collection_id = ? AND digest >= ? AND digest < ? ORDER BY number LIMIT 10')
      .all(collectionId, low, low + 'g') as VersionRow[];
  }

  versionByTree(collectionId: number, tree: string): VersionRow | undefined {
    return this.statement('SELECT * FROM versions WHERE collection_id = ? AND tree = ? ORDER BY number DESC LIMIT 1')
      .get(collectionId, tree) as VersionRow | undefined;
  }

  latestVersion(collectionId: number): VersionRow | undefined {
    return this.statement('SELECT * FROM versions WHERE collection_id = ? ORDER BY number DESC LIMIT 1')
      .get(collectionId) as VersionRow | undefined;
  }

  versionCount(collectionId: number): number {
    return (this.statement('SELECT count(*) AS n FROM versions WHERE collection_id = ?').get(collectionId) as { n: number }).n;
  }

  insertVersion(row: VersionRow): void {
    this.statement(
        `INSERT INTO versions (collection_id, number, digest, tree, size, file_count, link_digest,
           source_collection_id, source_number, actor, created_at)
         VALUES (@collection_id, @number, @digest, @tree, @size, @file_count, @link_digest,
           @source_collection_id, @source_number, @actor, @created_at)`,
      )
      .run(row);
  }

  allVersions(): VersionRow[] {
    return this.statement('SELECT * FROM versions ORDER BY collection_id, number').all() as VersionRow[];
  }

  aliases(collectionId: number): { alias: string; number: number }[] {
    return this.statement('SELECT alias, number FROM aliases WHERE collection_id = ? ORDER BY alias').all(collectionId) as {
      alias: string;
      number: number;
    }[];
  }

  allAliases(): { collection_id: number; alias: string; number: number }[] {
    return this.statement('SELECT collection_id, alias, number FROM aliases').all() as {
      collection_id: number;
      alias: string;
      number: number;
    }[];
  }

  aliasTarget(collectionId: number, alias: string): number | undefined {
    const row = this.statement('SELECT number FROM aliases WHERE collection_id = ? AND alias = ?').get(collectionId, alias) as
      | { number: number }
      | undefined;
    return row?.number;
  }

  putAlias(collectionId: number, alias: string, number: number): void {
    this.statement(
        'INSERT INTO aliases (collection_id, alias, number) VALUES (?, ?, ?) ON CONFLICT (collection_id, alias) DO UPDATE SET number = excluded.number',
      )
      .run(collectionId, alias, number);
  }

  deleteAlias(collectionId: number, alias: string): void {
    this.statement('DELETE FROM aliases WHERE collection_id = ? AND alias = ?').run(collectionId, alias);
  }

  appendRefLog(entry: NewRefLogEntry): number {
    const info = this.statement(
        `INSERT INTO reflog (collection_id, ref, old_number, old_digest, new_number, new_digest, actor, reason, time)
         VALUES (@collection_id, @ref, @old_number, @old_digest, @new_number, @new_digest, @actor, @reason, @time)`,
      )
      .run(entry);
    this.refLogTouched = true;
    return Number(info.lastInsertRowid);
  }

  lastRefLogSeq(): number {
    return (this.statement('SELECT coalesce(max(seq), 0) AS seq FROM reflog').get() as { seq: number }).seq;
  }

  /**
   * Ref log rows with `after < seq <= upTo`, oldest first, with their collection,
   * narrowed to some entities and/or one collection.
   */
  refLogRange(
    after: number,
    upTo: number,
    filter: { entities?: readonly string[]; collection?: CollectionName },
    limit: number,
  ): RefLogEventRow[] {
    const where = ['r.seq > ?', 'r.seq <= ?'];
    const params: unknown[] = [after, upTo];
    if (filter.entities) {
      where.push(`c.entity IN (${filter.entities.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...filter.entities);
    }
    if (filter.collection) {
      // A deleted collection's row moved out of its name in the transaction that logged
      // the deletion (DELETED_PROJECT); events name it by its real name, so the filter does too.
      where.push(
        `((c.entity = ? AND c.project = ? AND c.name = ?)
          OR r.collection_id IN (SELECT collection_id FROM deleted_collections WHERE entity = ? AND project = ? AND name = ?))`,
      );
      const { entity, project, name } = filter.collection;
      params.push(entity, project, name, entity, project, name);
    }
    params.push(limit);
    return this.statement(
        `SELECT r.*, c.entity, c.project, c.name, c.kind FROM reflog r JOIN collections c ON c.id = r.collection_id
         WHERE ${where.join(' AND ')} ORDER BY r.seq LIMIT ?`,
      )
      .all(...params) as RefLogEventRow[];
  }

  /** The ref log of one collection, oldest first; `refPrefix` narrows it (e.g. "aliases/"). */
  refLog(collectionId: number, refPrefix = ''): RefLogRow[] {
    return this.statement('SELECT * FROM reflog WHERE collection_id = ? AND substr(ref, 1, ?) = ? ORDER BY seq')
      .all(collectionId, refPrefix.length, refPrefix) as RefLogRow[];
  }
}
