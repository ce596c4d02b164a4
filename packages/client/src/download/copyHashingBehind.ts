import { readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createHasher } from '@arca/store/pure';
import type { ChunkCopyWorker, ChunkCopy, CopyState } from './ChunkCopyWorker.js';
import type { ServerStoreCopy } from './copyFromServerStore.js';
import type { FileAssembly } from './FileAssembly.js';
import type { ServerStoreReader } from './ServerStoreReader.js';
import { settleCopiedFile } from './settleCopiedFile.js';

/**
 * Bytes per read of the hash pass. Reads of 128 KiB from the page cache cost a
 * quarter of the system time of reads of 512 KiB or more here (1 GiB: 0.12 s
 * against 0.54-0.67 s), as the piece stays in the CPU's cache.
 */
const PIECE = 128 * 1024;
/** Longest stretch of hashing between turns of the event loop (progress, Ctrl-C). */
const SLICE_MS = 20;
/** How often a hash pass that has caught up looks whether the copying thread still runs. */
const WAIT_MS = 50;

/**
 * Copies multi-chunk files where a file cannot be hashed in pieces (no BLAKE3
 * subtree addon, decision 025): a second thread (ChunkCopyWorker) copies the
 * chunks while this one hashes the file as written, right behind it, one file
 * after another. Stops the worker on return. Returns the bytes copied into
 * files that checked out.
 */
export async function copyHashingBehind(job: ServerStoreCopy, worker: ChunkCopyWorker, slots: readonly number[]): Promise<number> {
  let copied = 0;
  const started: Copy[] = [];
  try {
    // The worker copies the next file while this thread hashes the current one.
    let next = startCopy(job.assemblies[slots[0]!]!, job.reader, worker, started);
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k]!;
      const copy = next;
      next = k + 1 < slots.length ? startCopy(job.assemblies[slots[k + 1]!]!, job.reader, worker, started) : null;
      // Not every chunk is readable here: the whole file goes to the network.
      if (!copy) continue;
      copied += await settleCopiedFile(job, slot, await hashBehind(job.assemblies[slot]!, copy.state, worker, job));
    }
  } finally {
    // Files are closed only once nothing can write to them any more.
    await worker.stop();
    for (const c of started) c.release();
  }
  return copied;
}
interface Copy {
  state: CopyState;
  release(): void;
}

/** Queues the copy of every chunk `asm` still needs; null when any of them cannot be read here. */
function startCopy(asm: FileAssembly, reader: ServerStoreReader, worker: ChunkCopyWorker, started: Copy[]): Copy | null {
  const chunks = asm.neededChunks();
  // All or nothing per file: a file half from disk and half from the network gains little.
  if (!chunks.every((c) => reader.has(c.digest, c.size))) return null;
  const sources = chunks.map((c) => reader.source(c.digest));
  const release = (): void => {
    for (const s of sources) s?.release();
  };
  if (sources.some((s) => s === null)) {
    release();
    return null;
  }
  const copies: ChunkCopy[] = chunks.map((c, i) => ({
    fd: sources[i]!.fd,
    offset: sources[i]!.offset,
    size: c.size,
    at: c.offset,
    finalAfter: chunks[i + 1]?.offset ?? asm.entry.size,
  }));
  const copy = { state: worker.copy(asm.fd, copies), release };
  started.push(copy);
  return copy;
}

/**
 * Hashes `asm`'s file from its start as far as the copy has made it final,
 * waiting for the copy where it catches up; null when the copy failed. What is
 * hashed is what the file holds, so a source that changed under the copy
 * fails the check like a damaged one.
 */
async function hashBehind(asm: FileAssembly, state: CopyState, worker: ChunkCopyWorker, job: ServerStoreCopy): Promise<string | null> {
  const hasher = createHasher();
  const piece = Buffer.allocUnsafe(PIECE);
  const size = asm.entry.size;
  let hashed = 0;
  let reported = 0;
  while (hashed < size) {
    job.stopIfAborted();
    const ready = Number(Atomics.load(state, 0));
    if (ready < 0 || (ready <= hashed && !worker.running)) return null;
    if (ready <= hashed) {
      const wait = Atomics.waitAsync(state, 0, BigInt(ready), WAIT_MS);
      if (wait.async) await wait.value;
      continue;
    }
    // Synchronous reads of the page cache, a slice at a time: a promise per 128 KiB
    // piece would cost more than the read.
    const until = performance.now() + SLICE_MS;
    while (hashed < ready && performance.now() < until) {
      const n = readSync(asm.fd, piece, 0, Math.min(PIECE, ready - hashed), hashed);
      if (n === 0) return null;
      hasher.update(piece.subarray(0, n));
      hashed += n;
    }
    const written = Number(Atomics.load(state, 1));
    job.onBytes(written - reported);
    reported = written;
    await nextTurn();
  }
  return hasher.digest();
}
