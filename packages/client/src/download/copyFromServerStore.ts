import { readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createHasher, hashBytes, type FileEntry } from '@arca/store/pure';
import { runPool } from '../util/runPool.js';
import type { ChunkCopyWorker, ChunkCopy, CopyState } from './ChunkCopyWorker.js';
import { FileAssembly } from './FileAssembly.js';
import type { ServerStoreReader } from './ServerStoreReader.js';

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
/** Single-object files read at once. */
const WHOLES_AT_ONCE = 8;

export interface ServerStoreCopy {
  reader: ServerStoreReader;
  /** The thread that copies chunks; present whenever `assemblies` has a file to copy. Stopped on return. */
  copier: ChunkCopyWorker | null;
  entries: readonly FileEntry[];
  /** Indexes into `entries` of files that are one object; those copied are removed. */
  wholes: number[];
  /** Multi-chunk files being written; one whose copy failed is replaced by a reopened one. */
  assemblies: FileAssembly[];
  take(size: number): Buffer;
  give(bytes: Buffer): void;
  /** Writes a verified single-object file into place. */
  writeWhole(index: number, bytes: Buffer): Promise<void>;
  /** Moves a complete, verified file into place. */
  publish(asm: FileAssembly): Promise<void>;
  onBytes(n: number): void;
  stopIfAborted(): void;
}

/**
 * Copies files from the store of a server on this machine (decision 022)
 * instead of downloading them. A single-object file is hashed as read. The
 * chunks of a multi-chunk file are copied by a second thread
 * (ChunkCopyWorker) while this one hashes the file as written, right behind
 * it, and checks it once, by its whole-file digest: that digest covers every
 * byte the file holds (resumed ones too), so each chunk is not hashed on its
 * own. A file that does not check out, or whose chunks cannot all be read, is
 * reopened, which re-hashes every chunk written and keeps the good ones; the
 * rest go to the network like any other, where the server's own check names a
 * damaged object. Returns the bytes copied into files that checked out.
 */
export async function copyFromServerStore(job: ServerStoreCopy): Promise<number> {
  let copied = 0;
  const local = job.wholes.filter((i) => job.reader.has(job.entries[i]!.digest, job.entries[i]!.size));
  const done = new Set<number>();
  await runPool(local, WHOLES_AT_ONCE, async (i) => {
    job.stopIfAborted();
    const e = job.entries[i]!;
    const bytes = await job.reader.read(e.digest, job.take(e.size));
    if (!bytes || hashBytes(bytes) !== e.digest) return;
    await job.writeWhole(i, bytes);
    job.give(bytes);
    done.add(i);
    copied += e.size;
  });
  // In place (a spread of 100,000 indexes into splice would overflow the stack).
  let kept = 0;
  for (const i of job.wholes) if (!done.has(i)) job.wholes[kept++] = i;
  job.wholes.length = kept;

  const pending = job.assemblies.map((asm, slot) => ({ asm, slot })).filter(({ asm }) => !asm.complete);
  const worker = job.copier;
  if (pending.length === 0 || !worker) return copied;
  const started: Copy[] = [];
  // The worker copies the next file while this thread hashes the current one.
  let next = startCopy(pending[0]!.asm, job.reader, worker, started);
  try {
    for (let k = 0; k < pending.length; k++) {
      const { asm, slot } = pending[k]!;
      const copy = await next;
      next = k + 1 < pending.length ? startCopy(pending[k + 1]!.asm, job.reader, worker, started) : Promise.resolve(null);
      // Awaited in turn, or in `finally` when this one fails first.
      next.catch(() => {});
      // Not every chunk is readable here: the whole file goes to the network.
      if (!copy) continue;
      const digest = await hashBehind(asm, copy.state, worker, job);
      if (digest === asm.entry.digest) {
        asm.markWritten();
        await asm.finish(false);
        await job.publish(asm);
        copied += asm.entry.size - asm.bytesResumed;
        continue;
      }
      await asm.close();
      const reopened = new FileAssembly(asm.entry, asm.dest, asm.temp);
      await reopened.open();
      job.assemblies[slot] = reopened;
      // What the re-check kept beyond an earlier partial was read here, and is verified now.
      copied += reopened.bytesResumed - asm.bytesResumed;
    }
  } finally {
    // Files are closed only once nothing can write to them any more.
    await next.catch(() => null);
    await worker.stop();
    await Promise.all(started.map((c) => c.release()));
  }
  return copied;
}

interface Copy {
  state: CopyState;
  release(): Promise<void>;
}

/** Queues the copy of every chunk `asm` still needs; null when any of them cannot be read here. */
async function startCopy(asm: FileAssembly, reader: ServerStoreReader, worker: ChunkCopyWorker, started: Copy[]): Promise<Copy | null> {
  const chunks = asm.neededChunks();
  // All or nothing per file: a file half from disk and half from the network gains little.
  if (!chunks.every((c) => reader.has(c.digest, c.size))) return null;
  const sources = await Promise.all(chunks.map((c) => reader.source(c.digest)));
  const release = async (): Promise<void> => {
    await Promise.all(sources.map((s) => s?.release()));
  };
  if (sources.some((s) => s === null)) {
    await release();
    return null;
  }
  const copies: ChunkCopy[] = chunks.map((c, i) => ({
    fd: sources[i]!.fh.fd,
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
