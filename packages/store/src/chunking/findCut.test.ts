import { describe, expect, it } from 'vitest';
import { chunkParams } from './chunkParams.js';
import { cutPoints } from './cutPoints.js';
import { findCut } from './findCut.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';

const MiB = 1024 * 1024;
const { minSize, avgSize, maxSize } = chunkParams;

describe('findCut', () => {
  const data = pseudoRandomBytes(12 * MiB, 0x1234567);

  it('with at most minSize bytes: the end at EOF, undecided otherwise', () => {
    expect(findCut(data, 0, 0, true)).toBe(0);
    expect(findCut(data, 100, 100 + minSize, true)).toBe(100 + minSize);
    expect(findCut(data, 100, 100 + minSize, false)).toBe(-1);
    expect(findCut(data, 100, 101, false)).toBe(-1);
  });

  it('cuts at maxSize when there is no boundary, even before EOF', () => {
    const zeros = new Uint8Array(3 * MiB);
    expect(findCut(zeros, 0, zeros.length, false)).toBe(maxSize);
    expect(findCut(zeros, 7, 7 + maxSize, false)).toBe(7 + maxSize);
    expect(findCut(zeros, 7, 6 + maxSize, false)).toBe(-1);
    expect(findCut(zeros, 7, 6 + maxSize, true)).toBe(6 + maxSize);
  });

  it('never cuts before minSize nor after maxSize', () => {
    const sizes = cutPoints(data);
    let start = 0;
    for (const size of sizes.slice(0, -1)) {
      const end = findCut(data, start, data.length, true);
      expect(end - start).toBe(size);
      expect(size).toBeGreaterThan(minSize);
      expect(size).toBeLessThanOrEqual(maxSize);
      start = end;
    }
  });

  it('depends only on the bytes from start, not on where they sit in the buffer', () => {
    for (const start of [0, 1, 4097, 1_000_003, 5 * MiB + 11]) {
      const shifted = data.subarray(start);
      expect(findCut(data, start, data.length, true) - start).toBe(findCut(shifted, 0, shifted.length, true));
    }
  });

  it('a cut found in partial input is the cut found with all of it (what scanFile relies on)', () => {
    let checked = 0;
    for (let k = 0; k < 60; k++) {
      const start = (k * 104_729) % (4 * MiB);
      const full = findCut(data, start, data.length, true);
      // partial inputs ending before, at and after minSize, avgSize and the full cut
      for (const end of [start + minSize + 1, start + avgSize - 1, start + avgSize, start + avgSize + 1, full - 1, full, full + 1, start + maxSize - 1]) {
        const partial = findCut(data, start, end, false);
        if (partial >= 0) {
          expect(partial).toBe(full);
          checked++;
        } else {
          // undecided is only allowed while the cut could still be ahead
          expect(full).toBeGreaterThan(end);
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});
