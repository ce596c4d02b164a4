import { createRequire } from 'node:module';
import type { Blake3Subtrees } from '@arca/blake3-subtrees';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

const require = createRequire(import.meta.url);
/** BLAKE3 hashes its input in chunks of this many bytes, the leaves of its tree. */
const CHUNK_LEN = 1024;

/**
 * BLAKE3 of one input hashed in pieces, on as many threads as there are
 * pieces: each piece of `pieceSize` bytes (a power of two, aligned) is a
 * subtree of BLAKE3's tree, hashed on its own to a chaining value; the values
 * merge into the digest of the whole, the same digest as one pass.
 */
export interface PieceHashing {
  /** The addon, for a worker thread to `require` (it cannot be handed over). */
  addonPath: string;
  subtrees: Blake3Subtrees;
}

let loaded: PieceHashing | null | undefined;

/**
 * The BLAKE3 subtree addon (packages/blake3-subtrees), or null where it was not
 * built (no Rust compiler) or ARCA_BLAKE3=wasm forbids native code. Callers
 * then hash each input in one pass.
 */
export function loadPieceHashing(): PieceHashing | null {
  if (loaded !== undefined) return loaded;
  const { addon, addonPath } = require('@arca/blake3-subtrees') as typeof import('@arca/blake3-subtrees');
  loaded = process.env.ARCA_BLAKE3 === 'wasm' || addon === null || addonPath === null ? null : { addonPath, subtrees: addon };
  return loaded;
}

/** Bytes in the left subtree of an input of `length` bytes (more than one chunk): the largest power-of-two number of chunks below it. */
export function leftSubtreeLength(length: number): number {
  const fullChunks = Math.floor((length - 1) / CHUNK_LEN);
  let chunks = 1;
  while (chunks * 2 <= fullChunks) chunks *= 2;
  return chunks * CHUNK_LEN;
}

/**
 * The digest of `size` bytes from the chaining values of their pieces, in
 * order: every piece `pieceSize` bytes long but the last. A piece boundary is
 * always a subtree boundary, because the tree splits an input at a power of
 * two chunks, which a power-of-two piece size divides.
 */
export function digestOfPieces(hashing: PieceHashing, size: number, pieceSize: number, values: readonly Uint8Array[]): string {
  if (!Number.isSafeInteger(pieceSize) || pieceSize < 2 * CHUNK_LEN || (pieceSize & (pieceSize - 1)) !== 0) {
    throw new InvalidArgumentError('pieceSize', `${pieceSize} is not a power of two of at least ${2 * CHUNK_LEN}`);
  }
  if (!Number.isSafeInteger(size) || size <= pieceSize || values.length !== Math.ceil(size / pieceSize)) {
    throw new InvalidArgumentError('values', `${values.length} chaining values for ${size} bytes in pieces of ${pieceSize}`);
  }
  const { mergeSubtrees } = hashing.subtrees;
  const value = (start: number, end: number): Uint8Array => {
    if (end - start <= pieceSize) return values[start / pieceSize]!;
    const left = leftSubtreeLength(end - start);
    return mergeSubtrees(value(start, start + left), value(start + left, end), false);
  };
  const left = leftSubtreeLength(size);
  return 'b3:' + mergeSubtrees(value(0, left), value(left, size), true);
}
