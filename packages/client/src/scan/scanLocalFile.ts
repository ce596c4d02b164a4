import { open, stat } from 'node:fs/promises';
import { InvalidArgumentError, scanFile, type ScannedFile } from '@arca/store/pure';
import { identityOf } from './identityOf.js';
import type { ChunkCallback, FileIdentity } from './LocalFile.js';
import { sameIdentity } from './sameIdentity.js';
import { scanBuffer } from './scanBuffer.js';

/** Files up to this size are read whole and chunked in memory. */
export const IN_MEMORY_SCAN_LIMIT = 8 * 1024 * 1024;
const ATTEMPTS = 3;

export interface LocalScan {
  identity: FileIdentity;
  scan: ScannedFile;
  readStartMs: number;
}

/**
 * Reads one file and returns its chunks and digest together with the identity
 * the file had throughout the read. A file that changes while it is read (its
 * identity differs before and after) is read again, and after three tries the
 * log fails rather than record bytes that never existed together on disk.
 *
 * `onChunk` (the pipelined upload) sees the file's chunks as they are cut; a
 * file read again sees them again.
 */
export async function scanLocalFile(abs: string, onChunk?: ChunkCallback): Promise<LocalScan> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const readStartMs = Date.now();
    const before = identityOf(await stat(abs, { bigint: true }));
    let scan: ScannedFile;
    if (before.size <= IN_MEMORY_SCAN_LIMIT) {
      const bytes = await readSmall(abs, before.size);
      if (bytes === null) continue;
      scan = scanBuffer(bytes);
      // Every chunk, a one-chunk file's included: its bytes are in memory now.
      if (onChunk) {
        let offset = 0;
        for (const c of scan.chunks) {
          await onChunk(c, bytes.subarray(offset, offset + c.size), offset);
          offset += c.size;
        }
      }
    } else {
      scan = await scanFile(abs, onChunk);
    }
    const after = identityOf(await stat(abs, { bigint: true }));
    if (sameIdentity(before, after) && scan.size === after.size) return { identity: after, scan, readStartMs };
  }
  throw new InvalidArgumentError('paths', `${abs} kept changing while it was being read`);
}

/** The file's bytes, or null if it is not `size` bytes long any more. */
async function readSmall(abs: string, size: number): Promise<Buffer | null> {
  const fh = await open(abs, 'r');
  try {
    // One byte more than expected reveals a file that grew.
    const buf = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > size) return null;
    }
    return filled === size ? buf.subarray(0, size) : null;
  } finally {
    await fh.close();
  }
}
