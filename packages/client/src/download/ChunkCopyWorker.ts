import { Worker } from 'node:worker_threads';

/** One chunk to copy: `size` bytes at `offset` of the open file `fd`, to `at` in the target. */
export interface ChunkCopy {
  fd: number;
  offset: number;
  size: number;
  at: number;
  /** Where the target is final up to once this chunk is in: the next chunk still to copy, or the file's end. */
  finalAfter: number;
}

/**
 * What a copy has done, in memory shared with the worker: [0] the offset below
 * which the target file is final (-1 once the copy failed), [1] bytes written.
 */
export type CopyState = BigInt64Array;

/** Bytes per read and write: a piece stays in the CPU's cache between the two (see copyFromServerStore). */
const PIECE = 128 * 1024;

// Plain JavaScript run with `eval`, so that the same source serves the built
// package and the TypeScript under test (a worker cannot load a .ts file).
// It only reads and writes file descriptors the main thread opened and will
// close: a worker terminated mid-copy leaks nothing.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readSync, writeSync } = require('node:fs');
const piece = Buffer.allocUnsafe(${PIECE});
parentPort.on('message', ({ out, chunks, state: shared }) => {
  const state = new BigInt64Array(shared);
  try {
    for (const c of chunks) {
      for (let done = 0; done < c.size; ) {
        const n = readSync(c.fd, piece, 0, Math.min(piece.length, c.size - done), c.offset + done);
        if (n === 0) throw new Error('short read');
        for (let w = 0; w < n; ) w += writeSync(out, piece, w, n - w, c.at + done + w);
        done += n;
        Atomics.add(state, 1, BigInt(n));
        Atomics.store(state, 0, BigInt(done === c.size ? c.finalAfter : c.at + done));
        Atomics.notify(state, 0);
      }
    }
  } catch {
    Atomics.store(state, 0, -1n);
    Atomics.notify(state, 0);
  }
});
`;

/**
 * A thread that copies chunks from one file into another with plain reads and
 * writes, while the main thread hashes what it has written (decision 022).
 * Jobs run one after another in the order given.
 */
export class ChunkCopyWorker {
  private readonly worker = new Worker(SOURCE, { eval: true });
  private alive = true;

  constructor() {
    const dead = (): void => {
      this.alive = false;
    };
    this.worker.on('error', dead);
    this.worker.on('exit', dead);
  }

  /** False once the thread has died: a copy not yet final then never will be. */
  get running(): boolean {
    return this.alive;
  }

  /** Queues the copy of `chunks` (in file order) into the open file `out`; watch the returned state. */
  copy(out: number, chunks: readonly ChunkCopy[]): CopyState {
    const state = new BigInt64Array(new SharedArrayBuffer(16));
    state[0] = BigInt(chunks[0]?.at ?? 0);
    this.worker.postMessage({ out, chunks, state: state.buffer });
    return state;
  }

  /** Stops the thread, mid-copy if need be; no write happens after this resolves. */
  async stop(): Promise<void> {
    await this.worker.terminate();
    this.alive = false;
  }
}
