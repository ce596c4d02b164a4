import { DigestMismatchError } from '../errors/DigestMismatchError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { InvalidPathError } from '../errors/InvalidPathError.js';
import { isDigest } from '../digest/isDigest.js';
import { hashBytes } from '../digest/hashBytes.js';
import { validateArtifactPath } from '../paths/validateArtifactPath.js';
import { checkReference } from './checkReference.js';
import { compareUtf8 } from './compareUtf8.js';
import { encodeObject } from './encodeObject.js';
import type { TreeEntry, TreeObject } from './TreeObject.js';
import { pathsInFolderOrder } from './pathsInFolderOrder.js';

export interface BuiltTree {
  tree: TreeObject;
  bytes: Buffer;
  digest: string;
}

function checkEntry(e: TreeEntry): TreeEntry {
  validateArtifactPath(e.path);
  // A file entry has no `kind` key at all, so trees without references keep their bytes and digests.
  if (e.kind === 'reference') return checkReference(e);
  if (e.kind !== undefined) {
    const odd = e as { path: string; kind: unknown };
    throw new InvalidArgumentError('kind', `${odd.path}: unknown entry kind ${JSON.stringify(odd.kind)}`);
  }
  if (!Number.isSafeInteger(e.size) || e.size < 0) throw new InvalidArgumentError('size', `${e.path}: not a byte count`);
  if (!isDigest(e.digest)) throw new InvalidArgumentError('digest', `${e.path}: not a b3 digest`);
  if (e.chunks === undefined || e.chunks.length <= 1) {
    if (e.chunks?.length === 1 && e.chunks[0]!.digest !== e.digest) {
      throw new DigestMismatchError(`single chunk of ${e.path}`, e.digest, e.chunks[0]!.digest);
    }
    return { path: e.path, size: e.size, digest: e.digest };
  }
  let total = 0;
  for (const c of e.chunks) {
    if (!isDigest(c.digest) || !Number.isSafeInteger(c.size) || c.size <= 0) {
      throw new InvalidArgumentError('chunks', `${e.path}: malformed chunk`);
    }
    total += c.size;
  }
  if (total !== e.size) throw new InvalidArgumentError('chunks', `${e.path}: chunk sizes add up to ${total}, not ${e.size}`);
  return { path: e.path, size: e.size, digest: e.digest, chunks: e.chunks.map((c) => ({ digest: c.digest, size: c.size })) };
}

/**
 * Validates, sorts and encodes the files of an artifact. The same set of files
 * gives the same digest whatever order they come in. Refused: unsafe paths,
 * duplicates, names equal under Unicode normalization (they would land on one
 * file on macOS), and a path that is both a file and a folder.
 */
export function buildTree(entries: readonly TreeEntry[]): BuiltTree {
  const checked = entries.map(checkEntry).sort((a, b) => compareUtf8(a.path, b.path));
  const seen = new Map<string, string>();
  for (const e of checked) {
    const key = e.path.normalize('NFC');
    const clash = seen.get(key);
    if (clash !== undefined) {
      throw new InvalidPathError(e.path, clash === e.path ? 'listed twice' : `same name as ${JSON.stringify(clash)} under Unicode normalization`);
    }
    seen.set(key, e.path);
  }
  refuseFilesUsedAsFolders(checked);
  const tree: TreeObject = { format: 1, entries: checked };
  const bytes = encodeObject('tree', tree);
  return { tree, bytes, digest: hashBytes(bytes) };
}

/** Refuses a path that passes through another entry's path, a file, as a folder (its neighbour in folder order). */
function refuseFilesUsedAsFolders(entries: readonly TreeEntry[]): void {
  const sorted = pathsInFolderOrder(entries);
  for (let i = 1; i < sorted.length; i++) {
    const file = sorted[i - 1]!;
    const below = sorted[i]!;
    if (below.key.length > file.key.length && below.key.startsWith(file.key) && below.key[file.key.length] === '\0') {
      throw new InvalidPathError(below.path, `${JSON.stringify(file.nfc)} is a file, not a folder`);
    }
  }
}
