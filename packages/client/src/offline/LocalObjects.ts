import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptObjectError, hashBytes, NotFoundError } from '@arca/store/pure';
import { identityOf } from '../scan/identityOf.js';
import type { ObjectSource } from '../upload/ObjectSource.js';

/**
 * The objects of an offline store, one file each under `objects/ab/cdef…`:
 * the loose layout of the server's FsObjectStore, written the same way (temp
 * file, fsync, hard link into place, never overwritten), so a crash leaves an
 * object whole or absent. The client may not use FsObjectStore itself (it
 * carries the server's pack index), hence this small twin of its loose half.
 */
export class LocalObjects {
  private readonly objectsDir: string;
  private readonly tmpDir: string;
  private readonly madeDirs = new Set<string>();

  constructor(root: string) {
    this.objectsDir = join(root, 'objects');
    this.tmpDir = join(root, 'tmp');
    mkdirSync(this.objectsDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  pathOf(digest: string): string {
    return join(this.objectsDir, digest.slice(3, 5), digest.slice(5));
  }

  has(digest: string): boolean {
    return existsSync(this.pathOf(digest));
  }

  /** Stores bytes under their digest (checked); false when it was already there. */
  put(digest: string, bytes: Uint8Array): boolean {
    if (this.has(digest)) return false;
    const actual = hashBytes(bytes);
    if (actual !== digest) throw new CorruptObjectError(digest, `bytes hash to ${actual}`);
    const dir = join(this.objectsDir, digest.slice(3, 5));
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const tmp = join(this.tmpDir, `${randomBytes(8).toString('hex')}.tmp`);
    const fd = openSync(tmp, 'wx', 0o444);
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, this.pathOf(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
    return true;
  }

  /** An object's bytes, re-hashed: a damaged local object is reported, never synced. */
  get(digest: string): Buffer {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.pathOf(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('object', digest);
      throw err;
    }
    if (hashBytes(bytes) !== digest) throw new CorruptObjectError(digest, 'the offline store holds damaged bytes');
    return bytes;
  }

  /** An upload source that reads the object's file only when its request is sent. */
  source(digest: string): ObjectSource {
    const path = this.pathOf(digest);
    let st;
    try {
      st = statSync(path, { bigint: true });
    } catch {
      throw new NotFoundError('object', digest);
    }
    return { digest, size: Number(st.size), file: { abs: path, identity: identityOf(st), offset: 0 } };
  }
}
