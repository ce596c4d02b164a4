import { Worker } from 'node:worker_threads';
import type { PieceHashing } from '@arca/store/pure';

/** Bytes at `offset` of the open file `fd` that belong at `at` in the target; `write` them there, or only hash them (already in it). */
export interface PieceSegment {
  fd: number;
  offset: number;
  size: number;
  at: number;
  write: boolean;
}

/** One aligned piece of a target file: `size` bytes at `at`, from `segments` (in order, covering it exactly). */
export interface Piece {
  out: number;
  at: number;
  size: number;
  /** The piece is the whole file: its digest, instead of a chaining value. */
  whole: boolean;
  segments: PieceSegment[];
}

/** A piece's chaining value, or the file's digest (`b3:…`) for a whole one; null when a read or write failed. */
export type PieceResult = Uint8Array | string | null;

/** Bytes per write (reads gather them): a portion stays in the CPU's cache between the reads, the hash and the write. */
const PORTION = 128 * 1024;

// Plain JavaScript run with `eval`, so that the same source serves the built
// package and the TypeScript under test (a worker cannot load a .ts file). It
// only reads and writes file descriptors the main thread opened and will
// close: a thread terminated mid-piece leaks nothing.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync, writeSync } = require('node:fs');
const { SubtreeHasher } = require(workerData.addonPath);
const portion = Buffer.allocUnsafe(${PORTION});
function readFully(fd, into, at, size, position) {
  for (let done = 0; done < size; ) {
    const n = readSync(fd, into, at + done, size - done, position + done);
    if (n === 0) throw new Error('short read');
    done += n;
  }
}
function writeFully(fd, from, at, size, position) {
  for (let done = 0; done < size; ) done += writeSync(fd, from, at + done, size - done, position + done);
}
parentPort.on('message', ({ id, piece }) => {
  try {
    const hasher = new SubtreeHasher(piece.at, piece.size);
    const end = piece.at + piece.size;
    let s = 0;
    for (let pos = piece.at; pos < end; ) {
      const size = Math.min(portion.length, end - pos);
      // The portion is gathered from the segments it spans, so that every write
      // covers whole pages of the target: a write ending mid-page into a fresh
      // file costs the kernel a partial page.
      const writes = [];
      const flush = () => {
        for (let w = 0; w < writes.length; w += 2) writeFully(piece.out, portion, writes[w], writes[w + 1], pos + writes[w]);
      };
      for (let filled = 0; filled < size; ) {
        const seg = piece.segments[s];
        const from = pos + filled;
        const take = Math.min(seg.at + seg.size, pos + size) - from;
        try {
          readFully(seg.fd, portion, filled, take, seg.offset + (from - seg.at));
        } catch (err) {
          // What was read before is written, so that the chunks it completes are kept.
          flush();
          throw err;
        }
        // Adjacent stretches to write are one write.
        if (seg.write && writes.length > 0 && writes[writes.length - 2] + writes[writes.length - 1] === filled) writes[writes.length - 1] += take;
        else if (seg.write) writes.push(filled, take);
        filled += take;
        if (from + take === seg.at + seg.size) s++;
      }
      hasher.update(portion.subarray(0, size));
      flush();
      pos += size;
    }
    parentPort.postMessage({ id, result: piece.whole ? 'b3:' + hasher.digest() : hasher.chainingValue() });
  } catch {
    parentPort.postMessage({ id, result: null });
  }
});
`;

interface Thread {
  worker: Worker;
  alive: boolean;
  pending: Map<number, (result: PieceResult) => void>;
}

/**
 * Threads that each copy a piece of a file and hash what they copy, so that a
 * large file is copied and hashed on every core at once (decision 025). What
 * is hashed is what is written: the same bytes, from one buffer.
 */
export class PieceCopyThreads {
  private readonly threads: Thread[];
  private nextId = 0;

  /** `hashing`: the BLAKE3 subtree addon (loadPieceHashing); each thread loads it itself, and the caller merges with it. */
  constructor(
    readonly hashing: PieceHashing,
    count: number,
  ) {
    this.threads = Array.from({ length: count }, () => {
      const thread: Thread = { worker: new Worker(SOURCE, { eval: true, workerData: { addonPath: hashing.addonPath } }), alive: true, pending: new Map() };
      thread.worker.on('message', ({ id, result }: { id: number; result: PieceResult }) => {
        const settle = thread.pending.get(id);
        thread.pending.delete(id);
        settle?.(result);
      });
      const dead = (): void => {
        thread.alive = false;
        for (const settle of thread.pending.values()) settle(null);
        thread.pending.clear();
      };
      thread.worker.on('error', dead);
      thread.worker.on('exit', dead);
      return thread;
    });
  }

  get size(): number {
    return this.threads.length;
  }

  /** Copies and hashes `piece` on the least busy thread; null when it failed or no thread is left. */
  run(piece: Piece): Promise<PieceResult> {
    let thread: Thread | undefined;
    for (const t of this.threads) if (t.alive && (!thread || t.pending.size < thread.pending.size)) thread = t;
    if (!thread) return Promise.resolve(null);
    const id = this.nextId++;
    const chosen = thread;
    return new Promise((settle) => {
      chosen.pending.set(id, settle);
      chosen.worker.postMessage({ id, piece });
    });
  }

  /** Stops every thread, mid-piece if need be; no write happens after this resolves. */
  async stop(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    for (const t of this.threads) t.alive = false;
  }
}
