import type { FsObjectStore } from '../backend/FsObjectStore.js';
import { CorruptObjectError } from '../errors/CorruptObjectError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { MissingObjectsError } from '../errors/MissingObjectsError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { checkFolderNames } from '../objects/checkFolderNames.js';
import { objectsOfFile } from '../objects/objectsOfFile.js';
import { parseTree } from '../objects/parseTree.js';
import type { TreeObject } from '../objects/TreeObject.js';

/**
 * Loads a tree (validating every path again, whoever built it) and checks that
 * every object it names is stored, with the size the tree gives it. A commit
 * may only name complete content that a pull can deliver. `needed` is the tree
 * and everything it names, for the commit to check again inside its ref
 * transaction (see collectGarbage).
 *
 * What is refused here is the committer's mistake, not damage to the store:
 * the tree's bytes were verified against its digest on the way in and on this
 * read, so a tree that does not parse, or that gives an object a size it does
 * not have, is InvalidArgument (`tree`).
 */
export async function checkTreeComplete(objects: FsObjectStore, digest: string): Promise<{ tree: TreeObject; size: number; needed: string[] }> {
  let bytes: Buffer;
  try {
    bytes = await objects.get(digest);
  } catch (err) {
    if (err instanceof NotFoundError) throw new MissingObjectsError([digest]);
    throw err;
  }
  let tree: TreeObject;
  try {
    tree = parseTree(bytes, digest);
  } catch (err) {
    if (err instanceof CorruptObjectError) throw new InvalidArgumentError('tree', `${digest} is not a valid tree: ${err.data.reason}`);
    throw err;
  }
  checkFolderNames(tree.entries);
  const declared = new Map<string, { size: number; path: string }>();
  let size = 0;
  for (const e of tree.entries) {
    size += e.size;
    // A reference's bytes live elsewhere; nothing of it is stored.
    if (e.kind === 'reference') continue;
    for (const c of objectsOfFile(e)) {
      const earlier = declared.get(c.digest);
      if (earlier && earlier.size !== c.size) throw new InvalidArgumentError('tree', `${e.path}: gives ${c.digest} a size of ${c.size} bytes, ${earlier.path} gives it ${earlier.size}`);
      declared.set(c.digest, { size: c.size, path: e.path });
    }
  }
  const needed = [...declared.keys()];
  const stored = objects.storedSizes(needed);
  const missing = needed.filter((d) => !stored.has(d));
  if (missing.length > 0) throw new MissingObjectsError(missing);
  for (const [d, want] of declared) {
    const has = stored.get(d)!;
    if (has !== want.size) throw new InvalidArgumentError('tree', `${want.path}: gives ${d} a size of ${want.size} bytes; the stored object has ${has}`);
  }
  needed.push(digest);
  return { tree, size, needed };
}
