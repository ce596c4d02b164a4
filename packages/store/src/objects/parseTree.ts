import { CorruptObjectError } from '../errors/CorruptObjectError.js';
import { ArcaError } from '../errors/ArcaError.js';
import { buildTree } from './buildTree.js';
import { decodeObject } from './decodeObject.js';
import type { TreeEntry, TreeObject } from './TreeObject.js';

/**
 * Decodes and fully validates a tree object. Its bytes must be exactly what
 * buildTree makes of its entries, so every stored tree is canonical and safe.
 */
export function parseTree(bytes: Uint8Array, digest: string): TreeObject {
  const { type, value } = decodeObject(bytes, digest);
  if (type !== 'tree') throw new CorruptObjectError(digest, `is a ${type}, not a tree`);
  const v = value as { format?: unknown; entries?: unknown } | null;
  if (v === null || typeof v !== 'object' || v.format !== 1 || !Array.isArray(v.entries)) throw new CorruptObjectError(digest, 'not a format 1 tree');
  let rebuilt;
  try {
    rebuilt = buildTree(v.entries as TreeEntry[]);
  } catch (err) {
    if (err instanceof ArcaError && err.code !== 'CorruptObject') throw err;
    throw new CorruptObjectError(digest, 'malformed tree entries');
  }
  if (!rebuilt.bytes.equals(Buffer.from(bytes))) throw new CorruptObjectError(digest, 'tree is not in canonical form');
  return rebuilt.tree;
}
