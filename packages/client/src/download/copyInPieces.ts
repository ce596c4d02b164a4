import { digestOfPieces } from '@arca/store/pure';
import { runPool } from '../util/runPool.js';
import type { ServerStoreCopy } from './copyFromServerStore.js';
import type { FileAssembly } from './FileAssembly.js';
import type { Piece, PieceCopyThreads, PieceResult, PieceSegment } from './PieceCopyThreads.js';
import type { ServerStoreReader } from './ServerStoreReader.js';
import { settleCopiedFile } from './settleCopiedFile.js';

/**
 * Bytes per piece: a power of two, so that every piece is a subtree of BLAKE3's
 * tree. 16 MiB take a thread ~15 ms, short enough for two threads to share even
 * one file evenly, long enough that the messages cost nothing.
 */
export const PIECE_SIZE = 16 * 1024 * 1024;

interface CopiedFile {
  slot: number;
  asm: FileAssembly;
  count: number;
  values: PieceResult[];
  settled: number;
  failed: boolean;
}

/**
 * Copies multi-chunk files in pieces, on every copy thread at once (decision
 * 025). Each thread reads a piece's bytes (from the server's files, or from the
 * temp file where a partial already holds them), hashes them and writes them;
 * the pieces' chaining values then merge into the file's digest, which must
 * be the tree's. Stops the threads on return. Returns the bytes copied into
 * files that checked out.
 */
export async function copyInPieces(job: ServerStoreCopy, threads: PieceCopyThreads, slots: readonly number[]): Promise<number> {
  let copied = 0;
  const files: CopiedFile[] = [];
  for (const slot of slots) {
    const asm = job.assemblies[slot]!;
    // All or nothing per file: a file half from disk and half from the network gains little.
    if (!asm.neededChunks().every((c) => job.reader.has(c.digest, c.size))) continue;
    const count = Math.ceil(asm.entry.size / PIECE_SIZE);
    files.push({ slot, asm, count, values: new Array<PieceResult>(count).fill(null), settled: 0, failed: false });
  }
  const work = files.flatMap((file) => Array.from({ length: file.count }, (_, k) => ({ file, k })));
  try {
    // Two pieces per thread in flight: one running, one queued behind it.
    await runPool(work, 2 * threads.size, async ({ file, k }) => {
      job.stopIfAborted();
      if (!file.failed) {
        const piece = pieceOf(file, k, job.reader);
        const result = piece ? await threads.run(piece.piece) : null;
        piece?.release();
        if (result === null) file.failed = true;
        else {
          file.values[k] = result;
          job.onBytes(piece!.written);
        }
      }
      if (++file.settled < file.count) return;
      // Not `copied += await …`: that reads `copied` before the wait, and files settle concurrently.
      const settled = await settleCopiedFile(job, file.slot, file.failed ? null : digestOf(file, threads));
      copied += settled;
    });
  } finally {
    // Files are closed only once nothing can write to them any more.
    await threads.stop();
  }
  return copied;
}

function digestOf(file: CopiedFile, threads: PieceCopyThreads): string {
  if (file.count === 1) return file.values[0] as string;
  return digestOfPieces(threads.hashing, file.asm.entry.size, PIECE_SIZE, file.values as Uint8Array[]);
}

/**
 * Piece `k` of a file: the stretches of its chunks that fall in it, each read
 * from the server's file holding the chunk, or from the temp file where a
 * partial holds it already. Null when a chunk's file cannot be opened.
 */
function pieceOf(file: CopiedFile, k: number, reader: ServerStoreReader): { piece: Piece; written: number; release(): void } | null {
  const { asm } = file;
  const starts = asm.starts;
  const chunks = asm.entry.chunks!;
  const at = k * PIECE_SIZE;
  const end = Math.min(at + PIECE_SIZE, asm.entry.size);
  const opened: { release(): void }[] = [];
  const release = (): void => {
    for (const o of opened) o.release();
  };
  const segments: PieceSegment[] = [];
  let written = 0;
  for (let i = firstChunkEndingAfter(starts, chunks, at); i < chunks.length && starts[i]! < end; i++) {
    const from = Math.max(starts[i]!, at);
    const size = Math.min(starts[i]! + chunks[i]!.size, end) - from;
    if (!asm.needed.has(starts[i]!)) {
      segments.push({ fd: asm.fd, offset: from, size, at: from, write: false });
      continue;
    }
    const source = reader.source(chunks[i]!.digest);
    if (!source) {
      release();
      return null;
    }
    opened.push(source);
    segments.push({ fd: source.fd, offset: source.offset + (from - starts[i]!), size, at: from, write: true });
    written += size;
  }
  return { piece: { out: asm.fd, at, size: end - at, whole: file.count === 1, segments }, written, release };
}

/** Index of the first chunk that ends after `offset` (binary search over the chunk starts). */
function firstChunkEndingAfter(starts: readonly number[], chunks: readonly { size: number }[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! + chunks[mid]!.size <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
