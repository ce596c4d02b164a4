import { chunkParams } from './chunkParams.js';
import { gearTable } from './gearTable.js';

const { minSize, avgSize, maxSize } = chunkParams;
const avgBits = Math.round(Math.log2(avgSize));

// FastCDC normalized chunking (level 2): a stricter mask before the average size
// and a looser one after it pulls chunk sizes towards the average. Masks take the
// high bits, which mix the most recent 32 bytes of input.
function highMask(bits: number): number {
  return ((0xffffffff << (32 - bits)) | 0);
}
export const maskStrict = highMask(avgBits + 2);
export const maskLoose = highMask(avgBits - 2);

/**
 * The reference implementation of findCut in plain JavaScript: the definition
 * that the WASM scanner must match, and its fallback.
 */
export function findCutJs(buf: Uint8Array, start: number, end: number, atEof: boolean): number {
  const available = end - start;
  if (available <= minSize) return atEof ? end : -1;
  const normal = start + Math.min(avgSize, available);
  const limit = start + Math.min(maxSize, available);
  const gear = gearTable;
  let h = 0;
  let i = start + minSize;
  for (; i < normal; i++) {
    h = ((h << 1) + gear[buf[i]!]!) | 0;
    if ((h & maskStrict) === 0) return i + 1;
  }
  for (; i < limit; i++) {
    h = ((h << 1) + gear[buf[i]!]!) | 0;
    if ((h & maskLoose) === 0) return i + 1;
  }
  if (available >= maxSize || atEof) return limit;
  return -1;
}
