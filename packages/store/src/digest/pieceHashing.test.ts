import { describe, expect, it } from 'vitest';
import { errorOf } from '../testing/errorOf.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';
import { hashBytes } from './hashBytes.js';
import { digestOfPieces, leftSubtreeLength, loadPieceHashing, type PieceHashing } from './pieceHashing.js';

// CI builds the addon (`pnpm build` runs cargo): its absence here is a failure, not a skip.
const hashing = loadPieceHashing() as PieceHashing;

/** What the pull's copy threads do: each piece hashed on its own, then merged. */
function pieceDigest(bytes: Uint8Array, pieceSize: number): string {
  const values: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += pieceSize) {
    const piece = bytes.subarray(at, Math.min(at + pieceSize, bytes.length));
    const h = new hashing.subtrees.SubtreeHasher(at, piece.length);
    // In uneven updates, as reads from files come.
    for (let i = 0; i < piece.length; i += 777) h.update(piece.subarray(i, i + 777));
    values.push(h.chainingValue());
  }
  return digestOfPieces(hashing, bytes.length, pieceSize, values);
}

describe('digestOfPieces', () => {
  it('finds the addon built', () => {
    expect(hashing).not.toBeNull();
    expect(hashing.addonPath).toMatch(/arca_blake3_subtrees\.node$/);
  });

  it.each([
    [2049, 2048],
    [3072, 2048],
    [4097, 2048],
    [65_536, 4096],
    [65_537, 4096],
    [1_000_000, 8192],
    [1_048_576, 65_536],
    [3_000_001, 262_144],
    [5 * 1024 * 1024 + 3, 1024 * 1024],
  ])('gives the one-pass digest of %i bytes in pieces of %i', (size, pieceSize) => {
    const bytes = pseudoRandomBytes(size, size);
    expect(pieceDigest(bytes, pieceSize)).toBe(hashBytes(bytes));
  });

  it('refuses a piece size that is not a power of two of at least two chunks', () => {
    for (const pieceSize of [1024, 3000, 6144]) {
      const err = errorOf(() => digestOfPieces(hashing, 100_000, pieceSize, []));
      expect(err.code).toBe('InvalidArgument');
      expect(err.data).toMatchObject({ argument: 'pieceSize' });
    }
  });

  it('refuses a count of values that does not fit the size', () => {
    const value = new Uint8Array(32);
    expect(errorOf(() => digestOfPieces(hashing, 10_000, 4096, [value, value])).data).toMatchObject({ argument: 'values' });
    expect(errorOf(() => digestOfPieces(hashing, 4096, 4096, [value])).data).toMatchObject({ argument: 'values' });
  });
});

describe('SubtreeHasher', () => {
  it('refuses parts that are not subtrees, and bytes past a part', () => {
    const { SubtreeHasher } = hashing.subtrees;
    expect(() => new SubtreeHasher(1000, 10)).toThrow(/not a BLAKE3 subtree/);
    expect(() => new SubtreeHasher(2048, 4096)).toThrow(/not a BLAKE3 subtree/);
    expect(() => new SubtreeHasher(-1, 10)).toThrow(/not a byte count/);
    const h = new SubtreeHasher(4096, 10);
    expect(() => h.update(new Uint8Array(11))).toThrow(/more than the 10 bytes/);
    expect(() => h.chainingValue()).toThrow(/0 of the 10 bytes/);
  });

  it('gives the digest of a whole input at offset 0, and no chaining value for one chunk', () => {
    const bytes = pseudoRandomBytes(1000, 3);
    const h = new hashing.subtrees.SubtreeHasher(0, bytes.length);
    h.update(bytes);
    expect('b3:' + h.digest()).toBe(hashBytes(bytes));
    expect(() => h.chainingValue()).toThrow(/whole input/);
  });
});

describe('leftSubtreeLength', () => {
  it('is the largest power of two chunks below the length', () => {
    expect(leftSubtreeLength(1025)).toBe(1024);
    expect(leftSubtreeLength(2048)).toBe(1024);
    expect(leftSubtreeLength(2049)).toBe(2048);
    expect(leftSubtreeLength(2 ** 30)).toBe(2 ** 29);
    expect(leftSubtreeLength(2 ** 30 + 1)).toBe(2 ** 30);
    expect(leftSubtreeLength(2 ** 40 - 1)).toBe(2 ** 39);
  });
});
