import { readdirSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackEntry } from './PackEntry.js';
import type { PackIndex } from './PackIndex.js';
import { PACK_HEADER_BYTES, PACK_MAGIC_BYTES, writePack } from './writePack.js';

/** One stored copy of an object, as garbage collection sees it. */
export interface AgedObject {
  digest: string;
  size: number;
  /** When it was last written or freshened: the age the grace period is measured against. */
  mtimeMs: number;
  /** The pack holding this copy, or null for a loose file. */
  pack: string | null;
}

export interface PackFile {
  name: string;
  /** Bytes of the file. */
  size: number;
  mtimeMs: number;
  /** Objects the index still places in it. */
  objects: number;
  /** Bytes of the file no row accounts for (objects swept from it), framing excluded. */
  garbageBytes: number;
}

interface SweeperParts {
  objectsDir: string;
  packsDir: string;
  tmpDir: string;
  /** Packs staged by clients on this machine (FsObjectStore.adoptPack); a crashed client leaves its file. */
  stagingDir: string;
  index: PackIndex | undefined;
  readPacked: (entry: PackEntry) => Promise<Buffer>;
}

/**
 * The object store's storage as garbage collection needs it: every stored copy
 * with its age, and removal that re-checks the age at the last moment. Which
 * objects are garbage is decided by the caller (collectGarbage); this only
 * knows files, packs and index rows.
 */
export class ObjectSweeper {
  constructor(private readonly parts: SweeperParts) {}

  /** Every stored copy, loose then packed; an object held both ways appears twice. */
  async *aged(): AsyncGenerator<AgedObject> {
    const { objectsDir, index } = this.parts;
    for (const dir of await readdir(objectsDir)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await readdir(join(objectsDir, dir))) {
        const st = await stat(join(objectsDir, dir, name)).catch(() => undefined);
        if (st) yield { digest: `b3:${dir}${name}`, size: st.size, mtimeMs: st.mtimeMs, pack: null };
      }
    }
    if (!index) return;
    const packAge = new Map<string, number>();
    for (const e of index.entries()) {
      let mtimeMs = packAge.get(e.pack);
      if (mtimeMs === undefined) {
        // A row whose pack is gone is damage for fsck to report, not garbage: treat it as brand new.
        mtimeMs = statSync(this.packPath(e.pack), { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
        packAge.set(e.pack, mtimeMs);
      }
      yield { digest: e.digest, size: e.size, mtimeMs, pack: e.pack };
    }
  }

  /**
   * Removes each copy that is still older than `cutoffMs` (a commit may have
   * freshened it since it was listed) and returns those removed. Synchronous, so
   * that the caller can run it inside a ref database transaction: a commit's own
   * check of its objects then happens wholly before or wholly after.
   */
  removeIfOlder(copies: readonly AgedObject[], cutoffMs: number): AgedObject[] {
    const removed: AgedObject[] = [];
    const packAge = new Map<string, number | undefined>();
    for (const c of copies) {
      if (c.pack === null) {
        const path = join(this.parts.objectsDir, c.digest.slice(3, 5), c.digest.slice(5));
        const st = statSync(path, { throwIfNoEntry: false });
        if (!st || st.mtimeMs >= cutoffMs) continue;
        unlinkSync(path);
        removed.push(c);
        continue;
      }
      if (!packAge.has(c.pack)) packAge.set(c.pack, statSync(this.packPath(c.pack), { throwIfNoEntry: false })?.mtimeMs);
      const mtimeMs = packAge.get(c.pack);
      if (mtimeMs === undefined || mtimeMs >= cutoffMs) continue;
      if (this.parts.index?.remove(c.digest, c.pack)) removed.push(c);
    }
    return removed;
  }

  /** Every pack file with what the index still holds in it. */
  packs(): PackFile[] {
    let names: string[];
    try {
      names = readdirSync(this.parts.packsDir).filter((n) => n.endsWith('.pack'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const usage = this.parts.index?.packUsage() ?? new Map<string, { objects: number; bytes: number }>();
    const out: PackFile[] = [];
    for (const file of names) {
      const name = file.slice(0, -'.pack'.length);
      const st = statSync(join(this.parts.packsDir, file), { throwIfNoEntry: false });
      if (!st) continue;
      const u = usage.get(name);
      const objects = u?.objects ?? 0;
      const used = PACK_MAGIC_BYTES + objects * PACK_HEADER_BYTES + (u?.bytes ?? 0);
      out.push({ name, size: st.size, mtimeMs: st.mtimeMs, objects, garbageBytes: Math.max(0, st.size - used) });
    }
    return out;
  }

  /**
   * Deletes a pack the index no longer names (its objects were all swept, or a
   * crash left it before its rows were written). Returns false if rows appeared
   * meanwhile; then it stays. An upload that took the file over without its rows
   * being in yet finds it gone after indexing, and writes it again.
   */
  removePack(name: string): boolean {
    const unlink = (): boolean => {
      try {
        unlinkSync(this.packPath(name));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    };
    // The check and the unlink under the index's write lock: an upload may be
    // indexing this very file again (same batch, same name) at this moment.
    const index = this.parts.index;
    return index ? index.removePackIfUnnamed(name, unlink) : unlink();
  }

  /**
   * Copies the objects still indexed in `name` into a new pack, points their
   * rows at it and deletes the old file: the space of the swept objects comes
   * back. The new pack keeps the old one's age, so repacking does not make its
   * objects look freshly written. Readers that looked up a row just before the
   * move find the old file gone and look again (FsObjectStore.read).
   * Returns the bytes freed.
   */
  async repack(name: string, tmpName: string): Promise<number> {
    const index = this.parts.index;
    if (!index) return 0;
    const oldPath = this.packPath(name);
    const before = statSync(oldPath, { throwIfNoEntry: false });
    if (!before) return 0;
    const entries = index.entriesOf(name);
    const objects: { digest: string; bytes: Uint8Array }[] = [];
    for (const e of entries) objects.push({ digest: e.digest, bytes: await this.parts.readPacked(e) });
    if (objects.length === 0) return this.removePack(name) ? before.size : 0;
    const written = await writePack(join(this.parts.tmpDir, tmpName), this.parts.packsDir, objects);
    if (written.name === name) return 0;
    // The old pack's age now, not when the copy began: a client told meanwhile that one
    // of its objects is stored freshened it (FsObjectStore.missing), and that must carry
    // over. Read and applied with no await in between, so no such question slips past.
    const now = statSync(oldPath, { throwIfNoEntry: false }) ?? before;
    utimesSync(this.packPath(written.name), now.atime, now.mtime);
    index.move(name, written.name, written.entries);
    const after = statSync(this.packPath(written.name)).size;
    // Only rows still naming the old pack were moved; none remain unless one was added concurrently.
    if (!this.removePack(name)) return 0;
    return before.size - after;
  }

  /** Deletes temp and staged files older than `cutoffMs`: leftovers of uploads cut off by a crash. */
  async removeStaleTemp(cutoffMs: number): Promise<number> {
    let removed = 0;
    for (const dir of [this.parts.tmpDir, this.parts.stagingDir]) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const path = join(dir, name);
        const st = await stat(path).catch(() => undefined);
        if (!st || !st.isFile() || st.mtimeMs >= cutoffMs) continue;
        await unlink(path).catch(() => {});
        removed++;
      }
    }
    return removed;
  }

  private packPath(name: string): string {
    return join(this.parts.packsDir, `${name}.pack`);
  }
}
