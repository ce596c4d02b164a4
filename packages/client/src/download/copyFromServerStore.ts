import { hashBytes, loadPieceHashing, type FileEntry } from '@arca/store/pure';
import { runPool } from '../util/runPool.js';
import { ChunkCopyWorker } from './ChunkCopyWorker.js';
import { copyHashingBehind } from './copyHashingBehind.js';
import { copyInPieces } from './copyInPieces.js';
import type { FileAssembly } from './FileAssembly.js';
import { PieceCopyThreads } from './PieceCopyThreads.js';
import type { ServerStoreReader } from './ServerStoreReader.js';

/** Single-object files read at once. */
const WHOLES_AT_ONCE = 8;

export interface ServerStoreCopy {
  reader: ServerStoreReader;
  /** The threads that copy multi-chunk files (see copyThreads); present whenever `assemblies` has a file to copy. Stopped on return. */
  copier: PieceCopyThreads | ChunkCopyWorker | null;
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
 * The threads that copy multi-chunk files from a server's store: one per core
 * (2 to 4) that each copy and hash pieces of a file (decision 025), or,
 * without the BLAKE3 subtree addon or with ARCA_PIECE_COPY=0, one thread that
 * copies while the caller's thread hashes. Started before the copy is known to
 * happen: a thread takes ~50 ms to start.
 */
export function copyThreads(cores: number): PieceCopyThreads | ChunkCopyWorker {
  const hashing = process.env.ARCA_PIECE_COPY === '0' ? null : loadPieceHashing();
  return hashing ? new PieceCopyThreads(hashing, Math.min(4, Math.max(2, cores))) : new ChunkCopyWorker();
}

/**
 * Copies files from the store of a server on this machine (decision 022)
 * instead of downloading them. A single-object file is hashed as read. A
 * multi-chunk file is checked once, by its whole-file digest: that digest
 * covers every byte the file holds (resumed ones too), so each chunk is not
 * hashed on its own. It is copied and hashed in pieces on several threads
 * (copyInPieces), or by one thread while this one hashes behind it
 * (copyHashingBehind). A file that does not check out, or whose chunks cannot
 * all be read, is reopened, which re-hashes every chunk written and keeps the
 * good ones; the rest go to the network like any other, where the server's
 * own check names a damaged object. Returns the bytes copied into files that
 * checked out.
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

  const slots = job.assemblies.flatMap((asm, slot) => (asm.complete ? [] : [slot]));
  const copier = job.copier;
  if (slots.length === 0 || !copier) return copied;
  return copied + (await (copier instanceof PieceCopyThreads ? copyInPieces(job, copier, slots) : copyHashingBehind(job, copier, slots)));
}
