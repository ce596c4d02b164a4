import type { TreeEntry, TreeObject } from '@arca/store';
import type { TreeDiff } from './types.js';

/** Files added, removed and changed (different content digest) from tree `a` to tree `b`, each list in path order. */
export function diffTrees(a: TreeObject, b: TreeObject): TreeDiff {
  const before = new Map<string, TreeEntry>(a.entries.map((e) => [e.path, e]));
  const after = new Map<string, TreeEntry>(b.entries.map((e) => [e.path, e]));
  const diff: TreeDiff = { added: [], removed: [], changed: [] };
  for (const e of b.entries) {
    const old = before.get(e.path);
    if (!old) diff.added.push(e);
    else if (old.digest !== e.digest) diff.changed.push({ path: e.path, from: old, to: e });
  }
  for (const e of a.entries) if (!after.has(e.path)) diff.removed.push(e);
  return diff;
}
