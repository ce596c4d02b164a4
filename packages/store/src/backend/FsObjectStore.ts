import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, statSync, unlinkSync, utimesSync, writeSync, type Stats } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { createHasher } from '../digest/createHasher.js';
import { checkDigest } from './checkDigest.js';
import { isDigest } from '../digest/isDigest.js';
import { CorruptObjectError } from '../errors/CorruptObjectError.js';
import { DigestMismatchError } from '../errors/DigestMismatchError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import type { ObjectLocation } from './ObjectLocation.js';
import type { PackEntry } from './PackEntry.js';
import type { PackReadHandles } from './PackReadHandles.js';
import { PackIndex } from './PackIndex.js';
import { PackIndexWriter } from './PackIndexWriter.js';
import { ObjectSweeper } from './ObjectSweeper.js';
import { linkPack } from './linkPack.js';
import { verifyStagedPack } from './verifyStagedPack.js';
import { writePack } from './writePack.js';
import { writeAll } from './writeAll.js';
import { objectParts, type ObjectBytes } from './objectParts.js';
import { objectSize } from './objectSize.js';
import { syncDir, syncDirSync } from './syncDir.js';

/** Objects larger than this are refused; chunks are at most 2 MiB, trees of 100k files fit. */
export const MAX_OBJECT_SIZE = 64 * 1024 * 1024;
/** getPooled's buffers hold any chunk (at most 2 MiB, decision 002). */
const POOLED_READ_SIZE = 2 * 1024 * 1024;
/** Idle pooled buffers kept: enough for a few requests' read-ahead, 32 MiB at most. */
const POOL_KEEP = 16;
/** Largest pack a client may stage (adoptPack); clients write ~8 MiB, as a batch request. */
export const MAX_STAGED_PACK = 64 * 1024 * 1024;
/** A staged pack's name: the client's choice, but never a path. */
const STAGED_NAME = /^[0-9A-Za-z_-]{1,100}\.pack$/;
/** Times a batch's pack is written again when garbage collection removed it while it was being indexed (indexPack). */
const MAX_PACK_ATTEMPTS = 3;
/** Default of `freshenAfterMs`: an hour, far below GC's default grace period of a day. */
const FRESHEN_AFTER_MS = 60 * 60 * 1000;

export interface FsObjectStoreOptions {
  /**
   * An object found already stored (asked about by `missing`, or uploaded again)
   * whose file is older than this gets its modification time set to now, so a
   * garbage collection cannot sweep it between the question and the commit that
   * names it. Garbage collection refuses a grace period shorter than this.
   */
  freshenAfterMs?: number;
}

/**
 * Content-addressed objects, stored two ways:
 *
 * - loose, one file each under `<root>/objects/ab/cdef…` (`put`, `putStream`,
 *   `putSync`: chunks of big files, trees, versions). Every write goes to a temp
 *   file, is fsynced, and is hard-linked into place, so a reader sees either the
 *   whole object or none, and an existing object is never overwritten.
 * - packed, many per file under `<root>/objects/packs/<name>.pack` (`putBatch`:
 *   small files uploaded in batches), found through the pack index
 *   `<root>/objects/packs.sqlite`. One fsync per batch instead of one per object
 *   is what lets thousands of small files per second be stored durably.
 *
 * Every read is re-hashed, loose or packed; a damaged object is reported, never
 * returned. Readers see both kinds alike.
 */
export class FsObjectStore {
  readonly root: string;
  readonly freshenAfterMs: number;
  /** `<root>/objects`: loose objects in `ab/`, packs in `packs/` (see locate). */
  readonly objectsDir: string;
  private readonly packsDir: string;
  private readonly indexPath: string;
  private readonly tmpDir: string;
  /** `<root>/staging`: packs that clients on this machine write for `adoptPack` (decision 024). */
  readonly stagingDir: string;
  private readonly madeDirs = new Set<string>();
  private packIndex: PackIndex | undefined;
  private packWriter: PackIndexWriter | undefined;
  /** Idle read buffers of getPooled. */
  private readonly readPool: Buffer[] = [];

  constructor(root: string, options: FsObjectStoreOptions = {}) {
    this.root = root;
    this.freshenAfterMs = options.freshenAfterMs ?? FRESHEN_AFTER_MS;
    this.objectsDir = join(root, 'objects');
    this.packsDir = join(this.objectsDir, 'packs');
    this.indexPath = join(this.objectsDir, 'packs.sqlite');
    this.tmpDir = join(root, 'tmp');
    this.stagingDir = join(root, 'staging');
    mkdirSync(this.objectsDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /**
   * Closes the pack index (if it was opened) and waits for its writer thread to
   * finish. The store may be used again afterwards; it reopens.
   */
  async close(): Promise<void> {
    const writer = this.packWriter;
    this.packWriter = undefined;
    this.packIndex?.close();
    this.packIndex = undefined;
    await writer?.close();
  }

  /**
   * Starts the pack index writer thread now instead of at the first batch
   * upload: its start-up (a thread, better-sqlite3, the schema) added ~70 ms
   * to the first upload a server received. Servers call it once listening.
   */
  startPackWriter(): void {
    this.writer();
  }

  pathOf(digest: string): string {
    if (!isDigest(digest)) throw new InvalidArgumentError('digest', `${JSON.stringify(digest)} is not b3:<64 hex>`);
    // Concatenation, not join(): the same string (objectsDir is already normal), a third of the cost in missing().
    return `${this.objectsDir}${sep}${digest.slice(3, 5)}${sep}${digest.slice(5)}`;
  }

  /**
   * Held loose or packed. The index is asked first (one prepared-statement
   * lookup, ~1 µs) and the file system only for what it does not hold.
   */
  has(digest: string): boolean {
    const path = this.pathOf(digest);
    return this.index(false)?.has(digest) === true || isFile(path);
  }

  /**
   * The subset of `digests` not stored, in the order given, without duplicates.
   * The index answers for the whole list in one query; only the rest cost a
   * stat each.
   *
   * Those stored are freshened (see FsObjectStoreOptions): whoever asks is about
   * to name them in a commit, and that stat is paid anyway.
   */
  missing(digests: readonly string[]): string[] {
    const stored = this.storedSizes(digests);
    return [...new Set(digests)].filter((d) => !stored.has(d));
  }

  /**
   * The stored size of each of `digests` that is stored (absent ones are not in
   * the map), freshening what it finds as `missing` does. Sizes come from the
   * pack index or the file's stat; nothing is read.
   */
  storedSizes(digests: readonly string[]): Map<string, number> {
    const staleBefore = Date.now() - this.freshenAfterMs;
    const sizes = new Map<string, number>();
    const packs = this.forEachStored(
      digests,
      (d, row) => sizes.set(d, row.size),
      (d, path, st) => {
        sizes.set(d, st.size);
        if (st.mtimeMs < staleBefore) freshen(path);
      },
    );
    if (packs && packs.size > 0) for (const pack of new Set([...packs.values()].map((p) => p.pack))) this.freshenIfStale(this.packPath(pack));
    return sizes;
  }

  /**
   * Where each of `digests` that is stored lies (absent ones are not in the map),
   * for readers on this machine that take the bytes straight from the files
   * (decision 022). Nothing is read or verified here: a location can go stale
   * the moment it is given (garbage collection repacks), and the reader hashes
   * what it reads.
   */
  locate(digests: readonly string[]): Map<string, ObjectLocation> {
    const found = new Map<string, ObjectLocation>();
    this.forEachStored(
      digests,
      (d, row) => found.set(d, { file: `packs/${row.pack}.pack`, offset: row.offset, size: row.size }),
      (d, _path, st) => found.set(d, { file: `${d.slice(3, 5)}/${d.slice(5)}`, offset: 0, size: st.size }),
    );
    return found;
  }

  /**
   * Calls `packed` or `loose` once for each distinct one of `digests` that is
   * stored, in order. The pack index answers for the whole list in one query;
   * only the rest cost a stat each. Returns the index rows found.
   */
  private forEachStored(
    digests: readonly string[],
    packed: (digest: string, row: PackEntry) => void,
    loose: (digest: string, path: string, st: Stats) => void,
  ): Map<string, PackEntry> | undefined {
    const unique = [...new Set(digests)];
    const packs = this.index(false)?.packsOf(unique);
    for (const d of unique) {
      const row = packs?.get(d);
      if (row) {
        packed(d, row);
        continue;
      }
      const path = this.pathOf(d);
      const st = statSync(path, { throwIfNoEntry: false });
      if (st !== undefined) loose(d, path, st);
    }
    return packs;
  }

  private freshenIfStale(path: string): void {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st && st.mtimeMs < Date.now() - this.freshenAfterMs) freshen(path);
  }

  /** The garbage collector's view of this store (see ObjectSweeper). */
  sweeper(): ObjectSweeper {
    return new ObjectSweeper({
      objectsDir: this.objectsDir,
      packsDir: this.packsDir,
      tmpDir: this.tmpDir,
      stagingDir: this.stagingDir,
      index: this.index(false),
      // Verified like every read: a repack must not copy damage into a new pack.
      readPacked: async (entry) => {
        const bytes = await this.readPacked(entry, null);
        const h = createHasher();
        h.update(bytes);
        const actual = h.digest();
        if (actual !== entry.digest) throw new CorruptObjectError(entry.digest, `content hashes to ${actual}`);
        return bytes;
      },
    });
  }

  /**
   * Takes a damaged object out of the store (fsck --repair) so that it counts as
   * missing: the next "which are missing" question names it, and an upload of
   * the right bytes (a log of the same file) stores it again. Nothing else can
   * replace it, since an existing object is never overwritten. What was there is
   * kept under `DATA/quarantine/` for inspection: a loose file is moved, a packed
   * copy's bytes are copied out and its index row removed (gc reclaims the pack
   * space). Returns where the object was.
   */
  async quarantine(digest: string): Promise<'loose' | 'packed' | 'absent'> {
    const dir = join(this.root, 'quarantine');
    await mkdir(dir, { recursive: true });
    const entry = this.index(false)?.lookup(digest);
    if (entry) {
      const bytes = await this.readPacked(entry, null).catch(() => Buffer.alloc(0));
      await writeFile(join(dir, `${digest.slice(3)}.from-${entry.pack}`), bytes);
      this.index(false)!.remove(digest, entry.pack);
      return 'packed';
    }
    try {
      await rename(this.pathOf(digest), join(dir, digest.slice(3)));
      return 'loose';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
      throw err;
    }
  }

  /** Stores bytes under their digest after checking it. Returns false if already stored. */
  async put(digest: string, bytes: Uint8Array): Promise<boolean> {
    const final = this.pathOf(digest);
    // Held already: missing() also freshens it, an upload again is a use.
    if (this.missing([digest]).length === 0) return false;
    checkDigest(digest, bytes, 'uploaded object');
    const tmp = this.tempPath();
    const fh = await open(tmp, 'wx', 0o444);
    let ok = false;
    try {
      await fh.writeFile(bytes);
      await fh.sync();
      ok = true;
    } finally {
      await fh.close();
      // A failed write or fsync (ENOSPC, EIO) must not leave the temp file behind.
      if (!ok) await unlink(tmp).catch(() => {});
    }
    return this.publish(tmp, final);
  }

  /**
   * Stores many small objects with ONE fsync: all are verified first (any
   * mismatch → DigestMismatchError and nothing is written), those already held
   * (loose, packed, or earlier in this batch) are skipped and counted as
   * `existing`, and the rest are written as one pack file (see writePack).
   *
   * Invariant: index rows are inserted only after the pack is durable on disk
   * (fsynced, linked, directory fsynced), in one transaction. After a crash at
   * any point each object is either fully readable or absent; a pack file with
   * no rows is garbage for a future GC, harmless.
   */
  async putBatch(objects: readonly { digest: string; bytes: ObjectBytes }[]): Promise<{ stored: number; existing: number }> {
    for (const o of objects) this.pathOf(o.digest);
    for (const o of objects) {
      if (objectSize(o.bytes) > MAX_OBJECT_SIZE) throw new InvalidArgumentError('object', `${o.digest} is larger than ${MAX_OBJECT_SIZE} bytes`);
      checkDigest(o.digest, o.bytes, 'uploaded object');
    }
    // One index query for the whole batch (see missing), then a stat for the rest.
    const absent = new Set(this.missing(objects.map((o) => o.digest)));
    const fresh: { digest: string; bytes: ObjectBytes }[] = [];
    for (const o of objects) {
      if (!absent.delete(o.digest)) continue; // held, or a repeat within this batch
      fresh.push(o);
    }
    if (fresh.length === 0) return { stored: 0, existing: objects.length };
    await mkdir(this.packsDir, { recursive: true });
    for (let attempt = 1; ; attempt++) {
      const { name, entries } = await writePack(this.tempPath(), this.packsDir, fresh);
      // Only now, with the bytes durable, do the objects become visible. A
      // concurrent batch may have indexed some of them meanwhile: those keep their
      // first row and count as existing here.
      const stored = await this.indexPack(name, entries, attempt);
      if (stored !== null) return { stored, existing: objects.length - stored };
    }
  }

  /**
   * Inserts the rows of a pack that is durable under `pack`, then makes sure the
   * file is still there. A pack taken over by name (linkPack: the same batch
   * again, whose earlier copy lost its rows to garbage collection or a crash)
   * is old and unnamed until these rows commit, and a collection may delete it
   * in that moment (ObjectSweeper.removePack, which checks for rows under the
   * index's write lock). Then the rows name nothing: they are taken back, and
   * null tells the caller to write the pack again.
   */
  private async indexPack(pack: string, entries: readonly PackEntry[], attempt: number): Promise<number | null> {
    const stored = await this.writer().insert(entries);
    if (existsSync(this.packPath(pack))) return stored;
    const index = this.index(false)!;
    for (const e of entries) index.remove(e.digest, pack);
    if (attempt >= MAX_PACK_ATTEMPTS) throw new Error(`pack ${pack} was removed ${attempt} times while being indexed`);
    return null;
  }

  /**
   * Creates the staging folder, for the owner only: whoever can write there
   * can write the data directory anyway. Returns its path.
   */
  async openStaging(): Promise<string> {
    await mkdir(this.stagingDir, { recursive: true, mode: 0o700 });
    return this.stagingDir;
  }

  /**
   * Adopts a pack that a client on this machine wrote as `<stagingDir>/<file>`
   * (decision 024), as putBatch would have written it: every object is checked
   * against its digest, the file is fsynced and linked into packs/ under the
   * name writePack gives the same objects, and only then are the objects not
   * yet stored indexed (the invariant of putBatch). The staged name is removed
   * whatever happens; a file that is not a pack, or holds one wrong object,
   * stores nothing.
   */
  async adoptPack(file: string): Promise<{ stored: number; existing: number }> {
    if (!STAGED_NAME.test(file)) throw new InvalidArgumentError('file', `${JSON.stringify(file)} is not a staged pack's name (letters, digits, _ and -, then .pack)`);
    const path = join(this.stagingDir, file);
    try {
      const verified = await verifyStagedPack(path, MAX_STAGED_PACK, MAX_OBJECT_SIZE);
      const fresh = new Set(this.missing(verified.objects.map((o) => o.digest)));
      if (fresh.size === 0) return { stored: 0, existing: verified.objects.length };
      await mkdir(this.packsDir, { recursive: true });
      for (let attempt = 1; ; attempt++) {
        const pack = await linkPack(path, this.packsDir, verified.name, (taken) => sameFile(taken, path));
        await syncDir(this.packsDir);
        // The staged name still holds the file: a pack removed while indexed (see indexPack) is linked again.
        const stored = await this.indexPack(pack, verified.objects.filter((o) => fresh.has(o.digest)).map((o) => ({ ...o, pack })), attempt);
        if (stored !== null) return { stored, existing: verified.objects.length - stored };
      }
    } finally {
      await unlink(path).catch(() => {});
    }
  }

  /**
   * Synchronous put of a small structured object, for use inside a ref database
   * transaction where awaiting would let another writer in.
   */
  putSync(digest: string, bytes: Uint8Array): boolean {
    const final = this.pathOf(digest);
    // Held already: missing() also freshens it, an upload again is a use.
    if (this.missing([digest]).length === 0) return false;
    checkDigest(digest, bytes, 'object');
    const tmp = this.tempPath();
    const fd = openSync(tmp, 'wx', 0o444);
    let ok = false;
    try {
      writeAllSync(fd, bytes);
      fsyncSync(fd);
      ok = true;
    } finally {
      closeSync(fd);
      if (!ok) {
        try {
          unlinkSync(tmp);
        } catch {
          // already gone; the original error is the one to report
        }
      }
    }
    const dir = final.slice(0, final.length - 63);
    if (mkdirSync(dir, { recursive: true })) syncDirSync(this.objectsDir);
    try {
      linkSync(tmp, final);
      syncDirSync(dir);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        this.freshenIfStale(final);
        return false;
      }
      throw err;
    } finally {
      unlinkSync(tmp);
    }
  }

  /**
   * Streams an object to disk, hashing as it goes; the object appears only if the
   * bytes match `digest`. Returns false if it was already stored.
   */
  async putStream(digest: string, source: AsyncIterable<ObjectBytes> | Readable, maxSize = MAX_OBJECT_SIZE): Promise<boolean> {
    const final = this.pathOf(digest);
    const tmp = this.tempPath();
    const fh = await open(tmp, 'wx', 0o444);
    let ok = false;
    try {
      const h = createHasher();
      let size = 0;
      for await (const piece of source as AsyncIterable<ObjectBytes>) {
        const parts = objectParts(piece);
        size += objectSize(parts);
        if (size > maxSize) throw new InvalidArgumentError('object', `larger than ${maxSize} bytes`);
        for (const part of parts) h.update(part);
        await writeAll(fh, parts);
      }
      const actual = h.digest();
      if (actual !== digest) throw new DigestMismatchError('uploaded object', digest, actual);
      await fh.sync();
      ok = true;
    } finally {
      await fh.close();
      if (!ok) await unlink(tmp).catch(() => {});
    }
    return this.publish(tmp, final);
  }

  /** The verified bytes of an object, loose or packed. */
  async get(digest: string): Promise<Buffer> {
    return this.read(digest, null);
  }

  /**
   * `get` into a recycled buffer, for servers that stream objects out: a fresh
   * Buffer per object made the server spend ~1.3 s of a 1 GiB pull in GC. The
   * bytes are verified like `get`'s. Call `release` once they are no longer
   * referenced (a socket write's callback); a buffer never released is simply
   * left to the GC, so forgetting is safe, releasing early is not. `packs`:
   * pack files held open across the reads of one request (PackReadHandles).
   */
  async getPooled(digest: string, packs?: PackReadHandles): Promise<{ bytes: Buffer; release: () => void }> {
    const scratch = this.readPool.pop() ?? Buffer.allocUnsafeSlow(POOLED_READ_SIZE);
    let bytes: Buffer;
    try {
      bytes = await this.read(digest, scratch, packs);
    } catch (err) {
      this.giveBack(scratch);
      throw err;
    }
    if (bytes.buffer !== scratch.buffer) {
      // Too large for the pool (a big tree): an ordinary buffer.
      this.giveBack(scratch);
      return { bytes, release: () => {} };
    }
    let released = false;
    return {
      bytes,
      release: () => {
        if (released) return;
        released = true;
        this.giveBack(scratch);
      },
    };
  }

  private giveBack(scratch: Buffer): void {
    if (this.readPool.length < POOL_KEEP) this.readPool.push(scratch);
  }

  /** Reads and verifies an object, into `scratch` when it fits there. */
  private async read(digest: string, scratch: Buffer | null, packs?: PackReadHandles): Promise<Buffer> {
    const path = this.pathOf(digest);
    const entry = this.index(false)?.lookup(digest);
    let bytes: Buffer;
    if (entry) {
      bytes = await this.readPackedOrMoved(entry, scratch, packs);
    } else {
      bytes = await this.readLoose(digest, path, scratch);
    }
    const h = createHasher();
    h.update(bytes);
    const actual = h.digest();
    if (actual !== digest) throw new CorruptObjectError(digest, `content hashes to ${actual}`);
    return bytes;
  }

  /**
   * open, fstat, one read, close: readFile reads in 512 KiB steps and ends with
   * an extra read for EOF, and every step is a thread-pool round trip.
   */
  private async readLoose(digest: string, path: string, scratch: Buffer | null): Promise<Buffer> {
    let fh;
    try {
      fh = await open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('object', digest);
      throw err;
    }
    try {
      const size = (await fh.stat()).size;
      const bytes = scratch && size <= scratch.length ? scratch.subarray(0, size) : Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await fh.read(bytes, filled, size - filled, filled);
        // Shorter than its stat: the hash check reports the damage.
        if (bytesRead === 0) return bytes.subarray(0, filled);
        filled += bytesRead;
      }
      return bytes;
    } finally {
      await fh.close();
    }
  }

  async size(digest: string): Promise<number> {
    const path = this.pathOf(digest);
    const entry = this.index(false)?.lookup(digest);
    if (entry) return entry.size;
    return (await stat(path)).size;
  }

  /** Every stored digest, loose then packed, each once, in no particular order. */
  async *list(): AsyncGenerator<string> {
    for (const dir of await readdir(this.objectsDir)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await readdir(join(this.objectsDir, dir))) yield `b3:${dir}${name}`;
    }
    const index = this.index(false);
    if (!index) return;
    // Held both ways (a batch and a PUT raced): already listed as loose.
    for (const digest of index.digests()) if (!isFile(this.pathOf(digest))) yield digest;
  }

  /**
   * A pack may vanish between the index lookup and the open when garbage
   * collection repacks it (the row now names the new pack) or sweeps it (no row:
   * the object is gone, not damaged). Only a row that still names the missing
   * pack is damage.
   */
  private async readPackedOrMoved(entry: PackEntry, scratch: Buffer | null, packs?: PackReadHandles): Promise<Buffer> {
    try {
      return await this.readPacked(entry, scratch, packs);
    } catch (err) {
      if (!(err instanceof CorruptObjectError) || existsSync(this.packPath(entry.pack))) throw err;
      const now = this.index(false)?.lookup(entry.digest);
      if (!now) throw new NotFoundError('object', entry.digest);
      if (now.pack === entry.pack) throw err;
      return this.readPacked(now, scratch, packs);
    }
  }

  private packPath(pack: string): string {
    return join(this.packsDir, `${pack}.pack`);
  }

  /**
   * Reads just the object's range of its pack. Open and close per read, unless
   * the caller holds the packs open for a whole request (`packs`, see
   * PackReadHandles); no descriptors are held between requests.
   */
  private async readPacked(entry: PackEntry, scratch: Buffer | null, packs?: PackReadHandles): Promise<Buffer> {
    let fh;
    try {
      fh = await (packs ? packs.handle(this.packPath(entry.pack)) : open(this.packPath(entry.pack), 'r'));
    } catch (err) {
      // A row promises durable bytes; a pack gone from under it is damage, not absence.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CorruptObjectError(entry.digest, `pack ${entry.pack} is missing`);
      throw err;
    }
    try {
      const bytes = scratch && entry.size <= scratch.length ? scratch.subarray(0, entry.size) : Buffer.allocUnsafe(entry.size);
      let filled = 0;
      while (filled < entry.size) {
        const { bytesRead } = await fh.read(bytes, filled, entry.size - filled, entry.offset + filled);
        if (bytesRead === 0) throw new CorruptObjectError(entry.digest, `pack ${entry.pack} is truncated`);
        filled += bytesRead;
      }
      return bytes;
    } finally {
      if (!packs) await fh.close();
    }
  }

  /** The pack index writer; one whose thread ended (started early, then died on an error) is replaced, not waited on. */
  private writer(): PackIndexWriter {
    if (this.packWriter?.alive) return this.packWriter;
    this.index(true);
    this.packWriter = new PackIndexWriter(this.indexPath);
    return this.packWriter;
  }

  /**
   * The pack index, opened on first use. Readers do not create it: a store that
   * never took a batch (or a read-only copy) has no packs.sqlite, and then
   * nothing is packed. Once it exists it stays open.
   *
   * Only this connection creates the file, and always before the writer thread
   * opens it (writer()): two connections turning a new file into WAL at
   * once can fail one of them with SQLITE_BUSY at once, busy timeout or not,
   * which under load made the first batch upload of a server answer 500.
   */
  private index(create: boolean): PackIndex | undefined {
    if (!this.packIndex && (create || existsSync(this.indexPath))) this.packIndex = new PackIndex(this.indexPath);
    return this.packIndex;
  }

  private tempPath(): string {
    return join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
  }

  private async publish(tmp: string, final: string): Promise<boolean> {
    const dir = final.slice(0, final.length - 63);
    if (!this.madeDirs.has(dir)) {
      // A new `ab/` folder is itself a name in objects/ that must be durable.
      if (await mkdir(dir, { recursive: true })) await syncDir(this.objectsDir);
      this.madeDirs.add(dir);
    }
    try {
      await link(tmp, final);
      // Acknowledged means durable, name included (decision 003).
      await syncDir(dir);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        this.freshenIfStale(final);
        return false;
      }
      throw err;
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }
}

/** Whether two files hold the same bytes (a pack name taken: rare, and packs are small). */
async function sameFile(a: string, b: string): Promise<boolean> {
  return (await readFile(a)).equals(await readFile(b));
}

/**
 * Sets a stored file's modification time to now: its age is what garbage
 * collection's grace period is measured against. A file gone meanwhile needs no
 * freshening (and the caller's next step will find it missing).
 */
function freshen(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Whether a loose object exists. statSync without throwing is ~2.5x faster
 * than existsSync on Node 20, which matters for missing() of 100 000 digests.
 */
function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** writeSync may write fewer bytes than asked (a full disk, a signal); loop until all are on their way. */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    const n = writeSync(fd, bytes, off, bytes.length - off);
    if (n === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    off += n;
  }
}
