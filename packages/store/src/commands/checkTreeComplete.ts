import type { FsObjectStore } from '../backend/FsObjectStore.js';
import { MissingObjectsError } from '../errors/MissingObjectsError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { parseTree } from '../objects/parseTree.js';
import type { TreeObject } from '../objects/TreeObject.js';

/**
 * Loads a tree (validating every path again, whoever built it) and checks that
 * every object it names is stored. A commit may only name complete content.
 * `needed` is the tree and everything it names, for the commit to check again
 * inside its ref transaction (see collectGarbage).
 */
export async function checkTreeComplete(objects: FsObjectStore, digest: string): Promise<{ tree: TreeObject; size: number; needed: string[] }> {
  let bytes: Buffer;
  try {
    bytes = await objects.get(digest);
  } catch (err) {
    if (err instanceof NotFoundError) throw new MissingObjectsError([digest]);
    throw err;
  }
  const tree = parseTree(bytes, digest);
  const needed: string[] = [];
  let size = 0;
  for (const e of tree.entries) {
    size += e.size;
    // A reference's bytes live elsewhere; nothing of it is stored.
    if (e.kind === 'reference') continue;
    if (e.chunks) for (const c of e.chunks) needed.push(c.digest);
    else needed.push(e.digest);
  }
  const missing = objects.missing(needed);
  if (missing.length > 0) throw new MissingObjectsError(missing);
  needed.push(digest);
  return { tree, size, needed };
}
