import { findCut } from './findCut.js';

/** Chunk sizes of a whole in-memory buffer, in order. */
export function cutPoints(buf: Uint8Array): number[] {
  const sizes: number[] = [];
  let start = 0;
  while (start < buf.length) {
    const end = findCut(buf, start, buf.length, true);
    sizes.push(end - start);
    start = end;
  }
  return sizes;
}
