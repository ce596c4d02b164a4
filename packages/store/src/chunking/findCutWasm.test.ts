import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chunkParams } from './chunkParams.js';
import { findCut } from './findCut.js';
import { findCutJs } from './findCutJs.js';

describe('findCut (WASM) against findCutJs (the reference)', () => {
  it('gives the same cut for every start, end and end-of-input flag', () => {
    const buf = randomFillSync(Buffer.alloc(12 * 1024 * 1024));
    const { minSize, maxSize } = chunkParams;
    let compared = 0;
    for (let start = 0; start < buf.length - minSize; start += 777_777) {
      for (const span of [1, minSize, minSize + 1, 300_000, 524_288, 524_289, 1_500_000, maxSize - 1, maxSize, maxSize + 5000]) {
        const end = Math.min(buf.length, start + span);
        for (const atEof of [false, true]) {
          expect(findCut(buf, start, end, atEof)).toBe(findCutJs(buf, start, end, atEof));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('agrees however the input ends against the eight-byte steps of the scan, and wherever a cut falls in a step', () => {
    const buf = randomFillSync(Buffer.alloc(8 * 1024 * 1024));
    const { minSize, avgSize, maxSize } = chunkParams;
    const residues = new Set<number>();
    for (let start = 0; start < 40; start += 3) {
      for (const base of [minSize, avgSize, maxSize - 16]) {
        for (let k = 0; k <= 16; k++) {
          const end = start + base + k;
          for (const atEof of [false, true]) expect(findCut(buf, start, end, atEof)).toBe(findCutJs(buf, start, end, atEof));
        }
      }
      // Cuts found in a long walk: record where each falls relative to the step it was found in.
      for (let s = start; s < buf.length; ) {
        const e = findCutJs(buf, s, buf.length, true);
        expect(findCut(buf, s, buf.length, true)).toBe(e);
        // The last piece ends where the input does, not at a cut the scan found.
        if (e < buf.length) residues.add((e - s - minSize) % 8);
        s = e;
      }
    }
    expect(residues.size).toBe(8);
  });

  it('cuts a long input identically, chunk after chunk', () => {
    const buf = randomFillSync(Buffer.alloc(32 * 1024 * 1024));
    const walk = (f: typeof findCut) => {
      const sizes: number[] = [];
      for (let s = 0; s < buf.length; ) {
        const e = f(buf, s, buf.length, true);
        sizes.push(e - s);
        s = e;
      }
      return sizes;
    };
    expect(walk(findCut)).toEqual(walk(findCutJs));
  });
});
