import { hashBytes, type FileEntry } from '@arca/store/pure';
import { runPool } from '../util/runPool.js';
import { BufferPool } from './BufferPool.js';
import { FileAssembly } from './FileAssembly.js';
import type { ServerStoreReader } from './ServerStoreReader.js';

/**
 * A file is copied in runs of consecutive chunks of at least RUN_MIN bytes,
 * each read side by side into one buffer and written and hashed with one call.
 * Measured on a 1 GiB file (one run each): runs of 2-4 MiB copied it in
 * ~0.8 s, one call per 512 KiB chunk in ~1.0 s, runs of 8 MiB in ~1.2 s (the
 * buffers no longer stay in the CPU's cache between the write and the hash).
 */
const RUN_MIN = 2 * 1024 * 1024;
/** A run ends at the chunk that takes it to RUN_MIN; a chunk is at most 2 MiB (decision 002). */
const RUN_BYTES = RUN_MIN + 2 * 1024 * 1024;
/** Runs being read while one is written and hashed. */
const RUNS_AHEAD = 2;
/** Files copied at once: the hashing on this thread is what limits a copy, not the reads. */
const FILES_AT_ONCE = 2;
/** Single-object files read at once. */
const WHOLES_AT_ONCE = 8;

export interface ServerStoreCopy {
  reader: ServerStoreReader;
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
 * instead of downloading them. A single-object file is hashed as read. A
 * multi-chunk file is written in order and checked once, by its whole-file
 * digest (each chunk is not hashed on its own: the file's digest covers every
 * byte, and one BLAKE3 pass instead of two is most of the gain). A file that
 * does not check out, or whose chunks cannot all be read, is reopened, which
 * re-hashes every chunk written and keeps the good ones; the rest go to the
 * network like any other, where the server's own check names a damaged object.
 * Returns the bytes copied into files that checked out.
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

  const slots = job.assemblies.map((asm, slot) => ({ asm, slot })).filter(({ asm }) => !asm.complete);
  const runs = new BufferPool(RUN_BYTES, FILES_AT_ONCE * (RUNS_AHEAD + 1));
  await runPool(slots, FILES_AT_ONCE, async ({ asm, slot }) => {
    job.stopIfAborted();
    const outcome = await copyChunks(asm, job, runs);
    if (outcome === 'untouched') return;
    if (outcome === 'verified') {
      await job.publish(asm);
      copied += asm.entry.size - asm.bytesResumed;
      return;
    }
    await asm.close();
    const reopened = new FileAssembly(asm.entry, asm.dest, asm.temp);
    await reopened.open();
    job.assemblies[slot] = reopened;
    // What the re-check kept beyond an earlier partial was read here, and is verified now.
    copied += reopened.bytesResumed - asm.bytesResumed;
  });
  return copied;
}

/** Writes every missing chunk of `asm` from the server's files, in order, and checks the whole file. */
async function copyChunks(asm: FileAssembly, job: ServerStoreCopy, runs: BufferPool): Promise<'verified' | 'untouched' | 'unverified'> {
  const chunks = asm.neededChunks();
  // All or nothing per file: a file half from disk and half from the network gains little.
  if (!chunks.every((c) => job.reader.has(c.digest, c.size))) return 'untouched';
  const groups = groupRuns(chunks);
  const loads: Promise<Buffer | null>[] = [];
  const loadUpTo = (n: number): void => {
    while (loads.length < Math.min(n, groups.length)) loads.push(loadRun(groups[loads.length]!, job.reader, runs.take(RUN_BYTES)));
  };
  let written = 0;
  try {
    for (let i = 0; i < groups.length; i++) {
      job.stopIfAborted();
      loadUpTo(i + 1 + RUNS_AHEAD);
      const bytes = await loads[i]!;
      if (!bytes) return 'unverified';
      await asm.writeRun(groups[i]!.offsets, bytes);
      runs.give(bytes);
      job.onBytes(bytes.length);
      written++;
    }
  } finally {
    // Runs loaded ahead of a failure still land in their buffers; they go back only once settled.
    for (const l of loads.slice(written)) void l.then((b) => b && runs.give(b));
  }
  return (await asm.finish(true)) === asm.entry.digest ? 'verified' : 'unverified';
}

interface Run {
  offsets: number[];
  chunks: { digest: string; size: number }[];
  size: number;
}

/** Consecutive chunks, in runs that close once they reach RUN_MIN bytes (so at most RUN_BYTES). */
function groupRuns(chunks: readonly { digest: string; size: number; offset: number }[]): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  for (const c of chunks) {
    // A chunk that is not right after the last one (a resumed file has gaps) starts a new run.
    const follows = run !== undefined && run.offsets[0]! + run.size === c.offset;
    if (!run || !follows || run.size >= RUN_MIN) {
      run = { offsets: [], chunks: [], size: 0 };
      runs.push(run);
    }
    run.offsets.push(c.offset);
    run.chunks.push(c);
    run.size += c.size;
  }
  return runs;
}

/** Reads a run's chunks side by side into `into`; null when any cannot be read. */
async function loadRun(run: Run, reader: ServerStoreReader, into: Buffer): Promise<Buffer | null> {
  let at = 0;
  const parts = run.chunks.map((c) => {
    const view = into.subarray(at, at + c.size);
    at += c.size;
    return reader.read(c.digest, view);
  });
  const read = await Promise.all(parts);
  return read.every((b) => b !== null) ? into.subarray(0, run.size) : null;
}
