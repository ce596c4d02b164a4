import { open, stat, type FileHandle } from 'node:fs/promises';
import { createHasher, hashBytes, type Hasher, type FileEntry } from '@arca/store/pure';

/**
 * One multi-chunk file being written into its temp file in the target folder.
 * Chunks are written at their offsets as they arrive (never buffering the file)
 * and the whole-file BLAKE3 is computed in order alongside: a chunk that arrives
 * in order is hashed from memory, one that arrives early is read back from the
 * (page-cached) file once the gap before it closes. Calls for one file are
 * serialized so the hasher sees bytes strictly in order.
 */
export class FileAssembly {
  private fh: FileHandle | null = null;
  private hasher: Hasher = createHasher();
  private hashedTo = 0;
  /** offset → size of chunks on disk but not yet hashed. */
  private readonly ahead = new Map<number, number>();
  private remaining: number;
  private queue: Promise<void> = Promise.resolve();
  /** Offsets of chunks still to be written. */
  readonly needed = new Set<number>();
  /** Offset in the file of each of its chunks, in order. */
  readonly starts: readonly number[];
  bytesResumed = 0;

  constructor(
    readonly entry: FileEntry,
    readonly dest: string,
    readonly temp: string,
  ) {
    this.remaining = entry.chunks!.length;
    const starts: number[] = [];
    let at = 0;
    for (const c of entry.chunks!) {
      starts.push(at);
      at += c.size;
    }
    this.starts = starts;
  }

  /**
   * Opens the temp file. If a previous attempt left one (a killed process, or a
   * partial moved back from the cache), every chunk in it is re-hashed and the
   * ones that match are kept: resume is by chunk, and verified.
   */
  async open(): Promise<void> {
    const existed = await stat(this.temp).then(
      (s) => s.isFile(),
      () => false,
    );
    this.fh = await open(this.temp, existed ? 'r+' : 'w+');
    await this.fh.truncate(this.entry.size);
    const buf = existed ? Buffer.allocUnsafe(2 * 1024 * 1024) : null;
    for (const [i, c] of this.entry.chunks!.entries()) {
      const offset = this.starts[i]!;
      let present = false;
      if (buf) {
        const { bytesRead } = await this.fh.read(buf, 0, c.size, offset);
        present = bytesRead === c.size && hashBytes(buf.subarray(0, c.size)) === c.digest;
      }
      if (present) {
        this.ahead.set(offset, c.size);
        this.remaining--;
        this.bytesResumed += c.size;
      } else this.needed.add(offset);
    }
  }

  /** The chunks still to be written, in file order. */
  neededChunks(): { digest: string; size: number; offset: number }[] {
    const out: { digest: string; size: number; offset: number }[] = [];
    for (const [i, c] of this.entry.chunks!.entries()) {
      const offset = this.starts[i]!;
      if (this.needed.has(offset)) out.push({ digest: c.digest, size: c.size, offset });
    }
    return out;
  }

  /** The open temp file, for a copy that writes and reads it on its own (copyFromServerStore). */
  get fd(): number {
    if (!this.fh) throw new Error(`internal: ${this.temp} is not open`);
    return this.fh.fd;
  }

  get complete(): boolean {
    return this.remaining === 0;
  }

  /** Records that every needed chunk was written through `fd` by a copy that checked out as a whole. */
  markWritten(): void {
    this.needed.clear();
    this.remaining = 0;
  }

  /** Writes a verified chunk at `offset`. Resolves once written (and hashed, when it is next in order). */
  write(offset: number, bytes: Buffer): Promise<void> {
    const run = this.queue.then(() => this.writeNow(offset, bytes));
    this.queue = run.catch(() => {});
    return run;
  }

  private async writeNow(offset: number, bytes: Buffer): Promise<void> {
    // A chunk delivered twice is written once.
    if (!this.needed.delete(offset)) return;
    // The write runs on libuv's threads while this thread hashes the same bytes:
    // hashing only after the write finished left one of the two cores idle.
    const writing = writeAt(this.fh!, bytes, offset);
    const inOrder = offset === this.hashedTo;
    if (inOrder) {
      this.hasher.update(bytes);
      this.hashedTo += bytes.length;
    }
    await writing;
    this.remaining--;
    if (inOrder) await this.catchUp();
    else this.ahead.set(offset, bytes.length);
  }

  private async catchUp(): Promise<void> {
    let size: number | undefined;
    let buf: Buffer | null = null;
    while ((size = this.ahead.get(this.hashedTo)) !== undefined) {
      this.ahead.delete(this.hashedTo);
      if (!buf || buf.length < size) buf = Buffer.allocUnsafe(Math.max(size, 2 * 1024 * 1024));
      const { bytesRead } = await this.fh!.read(buf, 0, size, this.hashedTo);
      if (bytesRead !== size) throw new Error(`short read of ${this.temp}`);
      this.hasher.update(buf.subarray(0, size));
      this.hashedTo += size;
    }
  }

  /** Flushes and closes the file; returns its whole-file digest (null when not computed). */
  async finish(verify: boolean): Promise<string | null> {
    await this.queue;
    if (verify) await this.catchUp();
    const fh = this.fh!;
    this.fh = null;
    await fh.close();
    if (!verify) return null;
    if (this.hashedTo !== this.entry.size) throw new Error(`internal: ${this.entry.path} hashed ${this.hashedTo} of ${this.entry.size} bytes`);
    return this.hasher.digest();
  }

  async close(): Promise<void> {
    await this.queue;
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }
}

async function writeAt(fh: FileHandle, bytes: Buffer, offset: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, offset + done);
    done += bytesWritten;
  }
}
