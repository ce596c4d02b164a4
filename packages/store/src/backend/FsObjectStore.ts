import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { link, mkdir, open, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createHasher } from '../digest/createHasher.js';
import { isDigest } from '../digest/isDigest.js';
import { CorruptObjectError } from '../errors/CorruptObjectError.js';
import { DigestMismatchError } from '../errors/DigestMismatchError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { NotFoundError } from '../errors/NotFoundError.js';

/** Objects larger than this are refused; chunks are at most 2 MiB, trees of 100k files fit. */
export const MAX_OBJECT_SIZE = 64 * 1024 * 1024;

/**
 * Content-addressed objects as files under `<root>/objects/ab/cdef…`. Every write
 * goes to a temp file, is fsynced, and is hard-linked into place, so a reader sees
 * either the whole object or none, and an existing object is never overwritten.
 * Every read is re-hashed; a damaged object is reported, never returned.
 */
export class FsObjectStore {
  readonly root: string;
  private readonly objectsDir: string;
  private readonly tmpDir: string;
  private readonly madeDirs = new Set<string>();

  constructor(root: string) {
    this.root = root;
    this.objectsDir = join(root, 'objects');
    this.tmpDir = join(root, 'tmp');
    mkdirSync(this.objectsDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  pathOf(digest: string): string {
    if (!isDigest(digest)) throw new InvalidArgumentError('digest', `${JSON.stringify(digest)} is not b3:<64 hex>`);
    return join(this.objectsDir, digest.slice(3, 5), digest.slice(5));
  }

  has(digest: string): boolean {
    return existsSync(this.pathOf(digest));
  }

  /** The subset of `digests` not stored, in the order given, without duplicates. */
  missing(digests: readonly string[]): string[] {
    const out = new Set<string>();
    for (const d of digests) if (!out.has(d) && !this.has(d)) out.add(d);
    return [...out];
  }

  /** Stores bytes under their digest after checking it. Returns false if already stored. */
  async put(digest: string, bytes: Uint8Array): Promise<boolean> {
    const final = this.pathOf(digest);
    if (existsSync(final)) return false;
    const h = createHasher();
    h.update(bytes);
    const actual = h.digest();
    if (actual !== digest) throw new DigestMismatchError('uploaded object', digest, actual);
    const tmp = this.tempPath();
    const fh = await open(tmp, 'wx', 0o444);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return this.publish(tmp, final);
  }

  /**
   * Synchronous put of a small structured object, for use inside a ref database
   * transaction where awaiting would let another writer in.
   */
  putSync(digest: string, bytes: Uint8Array): boolean {
    const final = this.pathOf(digest);
    if (existsSync(final)) return false;
    const h = createHasher();
    h.update(bytes);
    const actual = h.digest();
    if (actual !== digest) throw new DigestMismatchError('object', digest, actual);
    const tmp = this.tempPath();
    const fd = openSync(tmp, 'wx', 0o444);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    mkdirSync(final.slice(0, final.length - 63), { recursive: true });
    try {
      linkSync(tmp, final);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      unlinkSync(tmp);
    }
  }

  /**
   * Streams an object to disk, hashing as it goes; the object appears only if the
   * bytes match `digest`. Returns false if it was already stored.
   */
  async putStream(digest: string, source: AsyncIterable<Uint8Array> | Readable, maxSize = MAX_OBJECT_SIZE): Promise<boolean> {
    const final = this.pathOf(digest);
    const tmp = this.tempPath();
    const fh = await open(tmp, 'wx', 0o444);
    let ok = false;
    try {
      const h = createHasher();
      let size = 0;
      for await (const piece of source) {
        size += piece.length;
        if (size > maxSize) throw new InvalidArgumentError('object', `larger than ${maxSize} bytes`);
        h.update(piece);
        await fh.write(piece);
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

  /** The verified bytes of an object. */
  async get(digest: string): Promise<Buffer> {
    const path = this.pathOf(digest);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('object', digest);
      throw err;
    }
    const h = createHasher();
    h.update(bytes);
    const actual = h.digest();
    if (actual !== digest) throw new CorruptObjectError(digest, `content hashes to ${actual}`);
    return bytes;
  }

  async size(digest: string): Promise<number> {
    return (await stat(this.pathOf(digest))).size;
  }

  /** Every stored digest, in no particular order. */
  async *list(): AsyncGenerator<string> {
    for (const dir of await readdir(this.objectsDir)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await readdir(join(this.objectsDir, dir))) yield `b3:${dir}${name}`;
    }
  }

  private tempPath(): string {
    return join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
  }

  private async publish(tmp: string, final: string): Promise<boolean> {
    const dir = final.slice(0, final.length - 63);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    try {
      await link(tmp, final);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }
}
