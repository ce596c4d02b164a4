import { open } from 'node:fs/promises';
import { createHasher } from '../digest/createHasher.js';
import { chunkParams } from './chunkParams.js';
import { findCut } from './findCut.js';

export interface ChunkRef {
  digest: string;
  size: number;
}

export interface ScannedFile {
  size: number;
  /** BLAKE3 of the whole file, as `b3sum` prints it. */
  digest: string;
  /** The file's chunks in order; a file of one chunk has that chunk's digest as its own. */
  chunks: ChunkRef[];
}

const READ_SIZE = 16 * 1024 * 1024;

/**
 * Reads a file once, cutting it into content-defined chunks and hashing each
 * chunk and the whole. Memory stays at one read buffer plus one chunk, whatever
 * the file size. `onChunk` sees each chunk's bytes before the buffer is reused.
 */
export async function scanFile(
  path: string,
  onChunk?: (chunk: ChunkRef, bytes: Buffer, offset: number) => void | Promise<void>,
): Promise<ScannedFile> {
  const fh = await open(path, 'r');
  try {
    const whole = createHasher();
    const chunks: ChunkRef[] = [];
    let carry: Buffer = Buffer.alloc(0);
    let offset = 0;
    let atEof = false;
    while (!atEof) {
      // Keep the undecided tail of the previous read at the front of the next buffer.
      const buf = Buffer.allocUnsafe(carry.length + READ_SIZE);
      carry.copy(buf, 0);
      let filled = carry.length;
      while (filled < buf.length) {
        const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
        if (bytesRead === 0) {
          atEof = true;
          break;
        }
        filled += bytesRead;
      }
      let start = 0;
      for (;;) {
        if (start === filled) break;
        const end = findCut(buf, start, filled, atEof);
        if (end < 0) break;
        const bytes = buf.subarray(start, end);
        const h = createHasher();
        h.update(bytes);
        whole.update(bytes);
        const chunk = { digest: h.digest(), size: bytes.length };
        chunks.push(chunk);
        if (onChunk) await onChunk(chunk, bytes, offset);
        offset += bytes.length;
        start = end;
      }
      carry = buf.subarray(start, filled);
      if (carry.length > chunkParams.maxSize) throw new Error('chunker invariant: carry exceeds maxSize');
    }
    const digest = whole.digest();
    if (chunks.length === 0) chunks.push({ digest, size: 0 });
    return { size: offset, digest, chunks };
  } finally {
    await fh.close();
  }
}
