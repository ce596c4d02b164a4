import { randomBytes } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { copyFile, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createHasher, hashBytes } from '@arca/store/pure';

const READ_SIZE = 4 * 1024 * 1024;
/** Why a hard link into the cache can fail where a copy works: another filesystem, or one without hard links. */
const CANNOT_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP']);

/**
 * Completed files by their BLAKE3 digest, under `<cacheDir>/files/ab/cdef…`, and
 * partial downloads of large files under `<cacheDir>/partial/`.
 *
 * A downloaded file enters the cache as a hard link (free; a copy across
 * filesystems). Because the user may later edit their copy in place, and disks
 * fail, an entry is never trusted: it is re-hashed while it is copied out, and a
 * damaged entry is deleted and the file fetched again. Copies out are real
 * copies, so two downloads never share an inode.
 */
export class FileCache {
  private readonly filesDir: string;
  private readonly partialDir: string;

  constructor(dir: string) {
    this.filesDir = join(dir, 'files');
    this.partialDir = join(dir, 'partial');
  }

  pathOf(digest: string): string {
    const hex = digest.slice(3);
    return join(this.filesDir, hex.slice(0, 2), hex.slice(2));
  }

  partialPathOf(digest: string): string {
    return join(this.partialDir, digest.slice(3));
  }

  /**
   * Copies the entry for `digest` to `dest`, hashing as it goes. True when the
   * copy is complete and verified; false (and nothing left at `dest`, the bad
   * entry removed) otherwise.
   */
  async copyVerifiedTo(digest: string, size: number, dest: string): Promise<boolean> {
    const src = this.pathOf(digest);
    let input;
    try {
      input = await open(src, 'r');
    } catch {
      return false;
    }
    let ok = false;
    try {
      const st = await input.stat();
      if (st.size !== size) return false;
      const output = await open(dest, 'w');
      try {
        const h = createHasher();
        const buf = Buffer.allocUnsafe(Math.max(1, Math.min(READ_SIZE, size)));
        let done = 0;
        while (done < size) {
          const { bytesRead } = await input.read(buf, 0, Math.min(buf.length, size - done), done);
          if (bytesRead === 0) break;
          const piece = buf.subarray(0, bytesRead);
          h.update(piece);
          await output.write(piece, 0, bytesRead, done);
          done += bytesRead;
        }
        ok = done === size && h.digest() === digest;
      } finally {
        await output.close();
        if (!ok) await unlink(dest).catch(() => {});
      }
      return ok;
    } finally {
      await input.close();
      if (!ok) await unlink(src).catch(() => {});
    }
  }

  /** copyVerifiedTo for a small file, with synchronous calls (see Yielder). */
  copySmallVerifiedSync(digest: string, size: number, dest: string): boolean {
    const src = this.pathOf(digest);
    let bytes: Buffer;
    try {
      bytes = readFileSync(src);
    } catch {
      return false;
    }
    if (bytes.length !== size || hashBytes(bytes) !== digest) {
      try {
        unlinkSync(src);
      } catch {
        // Already gone: same outcome.
      }
      return false;
    }
    writeFileSync(dest, bytes);
    return true;
  }

  /** adopt with synchronous calls, for small files. */
  adoptSync(file: string, digest: string): void {
    const target = this.pathOf(digest);
    try {
      try {
        linkSync(file, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        mkdirSync(dirname(target), { recursive: true });
        linkSync(file, target);
      }
    } catch (err) {
      // As adopt: a cache on another filesystem (or one without hard links) gets a copy.
      if (!CANNOT_LINK.has((err as NodeJS.ErrnoException).code ?? '')) return;
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        copyFileSync(file, tmp);
        renameSync(tmp, target);
      } catch {
        // A missing cache entry only costs a future download.
        try {
          unlinkSync(tmp);
        } catch {
          // Never written.
        }
      }
    }
  }

  /** Records a verified file as the entry for `digest`. Failure only costs a future download. */
  async adopt(file: string, digest: string): Promise<void> {
    const target = this.pathOf(digest);
    try {
      await mkdir(dirname(target), { recursive: true });
      await link(file, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      if (CANNOT_LINK.has(code ?? '')) {
        const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          await copyFile(file, tmp);
          await rename(tmp, target);
        } catch {
          await unlink(tmp).catch(() => {});
        }
      }
    }
  }

  /** Keeps a partial download for a later attempt, which re-hashes every chunk in it (FileAssembly.open). */
  async keepPartial(file: string, digest: string): Promise<void> {
    try {
      await mkdir(this.partialDir, { recursive: true });
      await rename(file, this.partialPathOf(digest));
    } catch {
      await unlink(file).catch(() => {});
    }
  }

  /** Moves a kept partial download to `dest`; false if there is none (or it is on another filesystem). */
  async takePartial(digest: string, dest: string): Promise<boolean> {
    try {
      await rename(this.partialPathOf(digest), dest);
      return true;
    } catch {
      return false;
    }
  }
}
