import type { TreeEntry, TreeObject } from '@arca/store/pure';
import type { TreeDiff } from './types.js';

/** What makes two entries at one path the same: the digest of a file; everything recorded of a reference. */
function contentKey(e: TreeEntry): string {
  return e.kind === 'reference' ? `ref\0${e.uri}\0${e.size}\0${e.checksum ?? ''}\0${e.etag ?? ''}` : e.digest;
}

/** Files added, removed and changed (different content digest) from tree `a` to tree `b`, each list in path order. */
export function diffTrees(a: TreeObject, b: TreeObject): TreeDiff {
  const before = new Map<string, TreeEntry>(a.entries.map((e) => [e.path, e]));
  const after = new Map<string, TreeEntry>(b.entries.map((e) => [e.path, e]));
  const diff: TreeDiff = { added: [], removed: [], changed: [] };
  for (const e of b.entries) {
    const old = before.get(e.path);
    if (!old) diff.added.push(e);
    else if (contentKey(old) !== contentKey(e)) diff.changed.push({ path: e.path, from: old, to: e });
  }
  for (const e of a.entries) if (!after.has(e.path)) diff.removed.push(e);
  return diff;
}
