import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { chunkParams } from './chunkParams.js';
import { cutPoints } from './cutPoints.js';
import { gearTable } from './gearTable.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';

const KiB = 1024;
const MiB = 1024 * 1024;

function chunkDigests(buf: Uint8Array, sizes = cutPoints(buf)): string[] {
  let offset = 0;
  return sizes.map((n) => {
    const d = hashBytes(buf.subarray(offset, offset + n));
    offset += n;
    return d;
  });
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

// FROZEN. These vectors pin chunkParams, the gear table and the cut rule together:
// if any of them changes, every stored file gets new chunk boundaries and stops
// deduplicating against what is already stored. Do not "update" these values.
describe('frozen chunking vectors', () => {
  const SEED = 0x41524341; // "ARCA"
  const data = pseudoRandomBytes(8 * MiB, SEED);

  it('pins chunkParams', () => {
    expect({ ...chunkParams }).toEqual({ minSize: 131072, avgSize: 524288, maxSize: 2097152 });
    expect(Object.isFrozen(chunkParams)).toBe(true);
  });

  it('pins the gear table', () => {
    expect(gearTable).toBeInstanceOf(Int32Array);
    expect(gearTable.length).toBe(256);
    expect([gearTable[0], gearTable[1], gearTable[255]]).toEqual([417747070, 599191948, 1474521177]);
    const bytes = Buffer.alloc(256 * 4);
    for (let i = 0; i < 256; i++) bytes.writeInt32LE(gearTable[i]!, i * 4);
    expect(hashBytes(bytes)).toBe('b3:300069006c47de59649541aaa99ad9b709379ea51cd2d44ca1c9a87235845458');
  });

  it('pins the test data itself', () => {
    // If this fails the generator changed, not the chunker.
    expect(hashBytes(data)).toBe('b3:3b01fabe90337b89385dfc386773579d650e892793e5cb994953f1b27cdeaa4d');
  });

  it('pins the chunk sizes of 8 MiB of pseudo-random data', () => {
    expect(cutPoints(data)).toEqual([
      753698, 934577, 612547, 566493, 569094, 613430, 566953, 582413, 598589, 300555, 529168, 811356, 619589, 330146,
    ]);
  });

  it('pins the digests of the first chunks', () => {
    expect(chunkDigests(data).slice(0, 4)).toEqual([
      'b3:420b1e26ffcb9d456c42c5db3fff323a871aaaa0d4395d0eeb86342b8ec89a9a',
      'b3:6ac179d27729466e365fc4fb802e56371def7374969cc6be66689940fce3d3c7',
      'b3:dc6eac09ca5ace000ed154fb8098e3d6c1c57297a6f1e88ac52d4982616e2ac6',
      'b3:f40dc80e61f6e7f7e20acbd7f2203ad8bbcb78d7b42f081494a2f721bdaff8b5',
    ]);
  });

  it('cuts data with no content-defined boundary at maxSize', () => {
    expect(cutPoints(new Uint8Array(5 * MiB))).toEqual([2 * MiB, 2 * MiB, 1 * MiB]);
  });
});

describe('cutPoints', () => {
  const { minSize, maxSize } = chunkParams;

  it('gives no chunks for an empty buffer', () => {
    expect(cutPoints(new Uint8Array(0))).toEqual([]);
  });

  it.each([1, 1000, minSize - 1, minSize, minSize + 1])('keeps %i bytes as one chunk', (n) => {
    // Below minSize no cut is possible; one byte over, the only candidate is the last byte.
    const sizes = cutPoints(pseudoRandomBytes(n, 3));
    expect(sizes).toEqual([n]);
  });

  it('keeps every chunk but the last within [minSize, maxSize] and covers the input', () => {
    for (const [size, seed] of [
      [8 * MiB, 1],
      [13 * MiB + 17, 2],
      [3 * maxSize, 3],
    ] as const) {
      const sizes = cutPoints(pseudoRandomBytes(size, seed));
      expect(sum(sizes)).toBe(size);
      for (const s of sizes.slice(0, -1)) {
        expect(s).toBeGreaterThanOrEqual(minSize);
        expect(s).toBeLessThanOrEqual(maxSize);
      }
      expect(sizes.at(-1)!).toBeGreaterThan(0);
      expect(sizes.at(-1)!).toBeLessThanOrEqual(maxSize);
    }
  });

  it('averages between 350 and 700 KiB on random data', () => {
    const data = pseudoRandomBytes(33 * MiB, 0xc0ffee);
    const sizes = cutPoints(data);
    const avg = data.length / sizes.length;
    expect(avg).toBeGreaterThanOrEqual(350 * KiB);
    expect(avg).toBeLessThanOrEqual(700 * KiB);
  });

  it('depends only on content: a prefix that ends on a cut is chunked the same', () => {
    const data = pseudoRandomBytes(6 * MiB, 5);
    const sizes = cutPoints(data);
    const firstThree = sum(sizes.slice(0, 3));
    expect(cutPoints(data.subarray(0, firstThree))).toEqual(sizes.slice(0, 3));
    // and the rest, chunked on its own, continues with the same boundaries
    expect(cutPoints(data.subarray(firstThree))).toEqual(sizes.slice(3));
  });
});

describe('deduplication after an insertion', () => {
  /** Inserts 1 MiB of new data near the middle of 20 MiB and compares chunk digests. */
  function insertionTrial(baseSeed: number, insertSeed: number, at: number) {
    const base = pseudoRandomBytes(20 * MiB, baseSeed);
    const inserted = pseudoRandomBytes(1 * MiB, insertSeed);
    const changed = new Uint8Array(base.length + inserted.length);
    changed.set(base.subarray(0, at));
    changed.set(inserted, at);
    changed.set(base.subarray(at), at + inserted.length);
    const before = chunkDigests(base);
    const after = chunkDigests(changed);
    const beforeSet = new Set(before);
    const afterSet = new Set(after);
    return {
      before,
      after,
      lost: before.filter((d) => !afterSet.has(d)).length,
      added: after.filter((d) => !beforeSet.has(d)).length,
    };
  }

  it('keeps all but at most 3 chunks of the original (8 deterministic trials, pinned)', () => {
    const results = [];
    for (let t = 1; t <= 8; t++) {
      const { before, after, lost, added } = insertionTrial(t, 100 + t, 10 * MiB + t * 7919);
      expect(lost).toBeLessThanOrEqual(3);
      // the chunks before the insertion point and the tail are untouched
      expect(after.slice(0, 5)).toEqual(before.slice(0, 5));
      expect(after.slice(-5)).toEqual(before.slice(-5));
      results.push([before.length, lost, after.length, added]);
    }
    expect(results).toEqual([
      [36, 1, 38, 3],
      [36, 1, 37, 2],
      [32, 2, 34, 4],
      [35, 2, 37, 4],
      [33, 1, 35, 3],
      [36, 1, 38, 3],
      [34, 2, 35, 3],
      [36, 1, 38, 3],
    ]);
  });

  it('resynchronizes even in a slow case (pinned)', () => {
    // Normalized chunking (strict mask before avgSize, loose after) can stay out of
    // phase with the original boundaries for a few chunks: here it takes ~3 MiB.
    // This is a property of the frozen design, pinned so that a change is noticed.
    const { before, after, lost, added } = insertionTrial(0x5eed, 0xabcdef, 10 * MiB + 12345);
    let sharedTail = 0;
    while (sharedTail < before.length && after.at(-1 - sharedTail) === before.at(-1 - sharedTail)) sharedTail++;
    let sharedHead = 0;
    while (after[sharedHead] === before[sharedHead]) sharedHead++;
    expect([before.length, lost, after.length, added, sharedHead, sharedTail]).toEqual([36, 6, 38, 8, 16, 14]);
    expect(sharedHead + lost + sharedTail).toBe(before.length);
  });
});
