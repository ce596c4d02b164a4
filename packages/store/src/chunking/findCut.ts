import { chunkParams } from './chunkParams.js';
import { ChunkScanner } from './ChunkScanner.js';

let scanner: ChunkScanner | undefined;

/**
 * End (exclusive) of the chunk that starts at `start`, looking at `buf[start, end)`.
 * Returns -1 when the bytes so far hold no cut and more input could still move it
 * (fewer than maxSize bytes and not at end of input). Same result as findCutJs;
 * copies the bytes it needs into a scanner (scanFile reads into one directly).
 */
export function findCut(buf: Uint8Array, start: number, end: number, atEof: boolean): number {
  scanner ??= new ChunkScanner(chunkParams.maxSize);
  const n = Math.min(end - start, chunkParams.maxSize);
  scanner.buffer.set(buf.subarray(start, start + n), 0);
  const cut = scanner.findCut(0, n, atEof && n === end - start);
  return cut < 0 ? -1 : start + cut;
}
