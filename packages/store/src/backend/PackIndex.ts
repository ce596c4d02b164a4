import Database from 'better-sqlite3';
import type { PackEntry } from './PackEntry.js';

/** Digests read per query by `digests()`; bounds memory, keeps the connection free between pages. */
const PAGE = 4096;

/**
 * Where each packed object lives: `(digest, pack, offset, size)` in a small SQLite
 * database owned by the object store (`DATA/objects/packs.sqlite`).
 *
 * Invariant: a row is inserted only after the bytes it points at are durable (the
 * pack was fsynced, linked into place and its directory fsynced). So after a crash
 * an object is either fully readable or absent; a pack file without rows is
 * garbage for a future GC, never a half-present object.
 *
 * WAL with synchronous=FULL: when `insert` returns, the rows survive power loss,
 * which is what lets the server answer 200 to a batch.
 */
export class PackIndex {
  private readonly db: Database.Database;
  private readonly lookupStmt: Database.Statement<[string], PackEntry>;
  private readonly hasStmt: Database.Statement<[string], number>;
  private readonly insertStmt: Database.Statement<[string, string, number, number]>;
  private readonly pageStmt: Database.Statement<[string, number], string>;
  private readonly heldStmt: Database.Statement<[string], string>;
  private readonly insertAll: (rows: readonly PackEntry[]) => number;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS packed (
      digest TEXT PRIMARY KEY,
      pack TEXT NOT NULL,
      offset INTEGER NOT NULL,
      size INTEGER NOT NULL
    ) WITHOUT ROWID`);
    this.lookupStmt = this.db.prepare('SELECT digest, pack, offset, size FROM packed WHERE digest = ?');
    this.hasStmt = this.db.prepare<[string], number>('SELECT 1 FROM packed WHERE digest = ?').pluck();
    this.insertStmt = this.db.prepare('INSERT OR IGNORE INTO packed (digest, pack, offset, size) VALUES (?, ?, ?, ?)');
    this.pageStmt = this.db.prepare<[string, number], string>('SELECT digest FROM packed WHERE digest > ? ORDER BY digest LIMIT ?').pluck();
    // One statement for a whole list: SQLite walks the JSON array and probes the
    // primary key in C, ~10x cheaper than one better-sqlite3 call per digest.
    this.heldStmt = this.db.prepare<[string], string>('SELECT p.digest FROM json_each(?) AS j JOIN packed AS p ON p.digest = j.value').pluck();
    // IMMEDIATE: take the write lock up front so a concurrent writer (another
    // process on the same data dir) waits on busy_timeout instead of failing mid-way.
    const tx = this.db.transaction((rows: readonly PackEntry[]) => {
      let added = 0;
      for (const r of rows) added += this.insertStmt.run(r.digest, r.pack, r.offset, r.size).changes;
      return added;
    });
    this.insertAll = (rows) => tx.immediate(rows);
  }

  lookup(digest: string): PackEntry | undefined {
    return this.lookupStmt.get(digest);
  }

  has(digest: string): boolean {
    return this.hasStmt.get(digest) !== undefined;
  }

  /** Those of `digests` that are indexed. */
  held(digests: readonly string[]): Set<string> {
    return new Set(this.heldStmt.all(JSON.stringify(digests)));
  }

  /**
   * Records rows in one transaction. A digest already indexed keeps its first row
   * (INSERT OR IGNORE: two batches racing on one object both succeed). Returns
   * how many rows were new.
   */
  insert(rows: readonly PackEntry[]): number {
    return this.insertAll(rows);
  }

  /**
   * Every indexed digest in order, a page at a time: an open better-sqlite3
   * iterator would keep the connection busy, and the caller (fsck) reads objects,
   * which needs it, between items.
   */
  *digests(): Generator<string> {
    let after = '';
    for (;;) {
      const page = this.pageStmt.all(after, PAGE);
      yield* page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!;
    }
  }

  close(): void {
    this.db.close();
  }
}
