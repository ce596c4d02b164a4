import Database from 'better-sqlite3';
import { PACK_INDEX_SCHEMA } from './PACK_INDEX_SCHEMA.js';
import type { PackEntry } from './PackEntry.js';

/** Digests read per query by `digests()`; bounds memory, keeps the connection free between pages. */
const PAGE = 4096;

/**
 * Where each packed object lives: `(digest, pack, offset, size)` in a small SQLite
 * database owned by the object store (`DATA/objects/packs.sqlite`). This is the
 * reading side, on the caller's thread (lookups are ~1 µs, no reason to hop
 * threads); rows are written by PackIndexWriter in a worker, and WAL lets this
 * connection see each of its commits as soon as it is made.
 *
 * Invariant: a row is inserted only after the bytes it points at are durable (the
 * pack was fsynced, linked into place and its directory fsynced). So after a crash
 * an object is either fully readable or absent; a pack file without rows is
 * garbage for a future GC, never a half-present object.
 */
export class PackIndex {
  private readonly db: Database.Database;
  private readonly lookupStmt: Database.Statement<[string], PackEntry>;
  private readonly hasStmt: Database.Statement<[string], number>;
  private readonly pageStmt: Database.Statement<[string, number], string>;
  private readonly heldStmt: Database.Statement<[string], string>;
  private readonly packsOfStmt: Database.Statement<[string], PackEntry>;
  private readonly entryPageStmt: Database.Statement<[string, number], PackEntry>;
  private readonly ofPackStmt: Database.Statement<[string], PackEntry>;
  private readonly removeStmt: Database.Statement<[string, string]>;
  private readonly moveStmt: Database.Statement<[string, number, string, string]>;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(PACK_INDEX_SCHEMA);
    this.lookupStmt = this.db.prepare('SELECT digest, pack, offset, size FROM packed WHERE digest = ?');
    this.hasStmt = this.db.prepare<[string], number>('SELECT 1 FROM packed WHERE digest = ?').pluck();
    this.pageStmt = this.db.prepare<[string, number], string>('SELECT digest FROM packed WHERE digest > ? ORDER BY digest LIMIT ?').pluck();
    // One statement for a whole list: SQLite walks the JSON array and probes the
    // primary key in C, ~10x cheaper than one better-sqlite3 call per digest.
    this.heldStmt = this.db.prepare<[string], string>('SELECT p.digest FROM json_each(?) AS j JOIN packed AS p ON p.digest = j.value').pluck();
    this.packsOfStmt = this.db.prepare('SELECT p.digest, p.pack, p.offset, p.size FROM json_each(?) AS j JOIN packed AS p ON p.digest = j.value');
    this.entryPageStmt = this.db.prepare('SELECT digest, pack, offset, size FROM packed WHERE digest > ? ORDER BY digest LIMIT ?');
    this.ofPackStmt = this.db.prepare('SELECT digest, pack, offset, size FROM packed WHERE pack = ? ORDER BY offset');
    this.removeStmt = this.db.prepare('DELETE FROM packed WHERE digest = ? AND pack = ?');
    this.moveStmt = this.db.prepare('UPDATE packed SET pack = ?, offset = ? WHERE digest = ? AND pack = ?');
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

  /** The row of each of `digests` that is indexed. */
  packsOf(digests: readonly string[]): Map<string, PackEntry> {
    return new Map(this.packsOfStmt.all(JSON.stringify(digests)).map((r) => [r.digest, r]));
  }

  /** Every row in digest order, a page at a time (see digests). */
  *entries(): Generator<PackEntry> {
    let after = '';
    for (;;) {
      const page = this.entryPageStmt.all(after, PAGE);
      yield* page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.digest;
    }
  }

  /** The rows of one pack, in file order. */
  entriesOf(pack: string): PackEntry[] {
    return this.ofPackStmt.all(pack);
  }

  /** Rows per pack and the bytes they hold; a pack file absent here holds nothing readable. */
  packUsage(): Map<string, { objects: number; bytes: number }> {
    const rows = this.db.prepare('SELECT pack, count(*) AS objects, sum(size) AS bytes FROM packed GROUP BY pack').all() as { pack: string; objects: number; bytes: number }[];
    return new Map(rows.map((r) => [r.pack, { objects: r.objects, bytes: r.bytes }]));
  }

  /**
   * Runs `remove` (deleting the pack's file) only if no row names `pack`, holding
   * the index's write lock throughout: rows that an upload is committing for this
   * pack (one taking over an existing file of the same name, see linkPack) land
   * either before the check, and the file stays, or after the removal, and the
   * upload sees its pack gone (FsObjectStore.indexPack). Returns whether it ran.
   */
  removePackIfUnnamed(pack: string, remove: () => boolean): boolean {
    return this.db
      .transaction(() => {
        if (this.db.prepare('SELECT 1 FROM packed WHERE pack = ? LIMIT 1').get(pack) !== undefined) return false;
        return remove();
      })
      .immediate();
  }

  /** Forgets an object of `pack` (garbage collection); false if the row was not there. */
  remove(digest: string, pack: string): boolean {
    return this.removeStmt.run(digest, pack).changes > 0;
  }

  /**
   * Points rows at their copies in a new pack, all at once (repacking). Only rows
   * still in `from` move: one removed meanwhile stays removed.
   */
  move(from: string, to: string, entries: readonly PackEntry[]): void {
    this.db.transaction(() => {
      for (const e of entries) this.moveStmt.run(to, e.offset, e.digest, from);
    })();
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
