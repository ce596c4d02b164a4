import { parseTree } from '../objects/parseTree.js';
import type { Store } from '../Store.js';

/**
 * Every object some ref needs: for each version row (artifact versions and
 * registry links alike) its version object, its link object, its tree and each
 * tree entry's chunks (or the file itself when it is one chunk). Parents are
 * not followed: a version's history is its ref rows, and a version whose row was
 * deleted keeps nothing alive.
 *
 * Whatever a new kind of ref points at must be added here, or it will be swept.
 * A tree that cannot be read keeps its digest alive and is reported: deleting
 * around damage would only destroy what fsck could still explain.
 */
export async function markLiveObjects(
  store: Store,
  /** Digests of artifact versions to count as gone (those a dry run's retention would delete). */
  skipVersions: ReadonlySet<string> = new Set(),
): Promise<{ live: Set<string>; unreadableTrees: string[] }> {
  const live = new Set<string>();
  const unreadableTrees: string[] = [];
  const trees = new Set<string>();
  for (const v of store.refs.allVersions()) {
    if (v.link_digest === null && skipVersions.has(v.digest)) continue;
    live.add(v.digest);
    if (v.link_digest !== null) live.add(v.link_digest);
    trees.add(v.tree);
  }
  for (const digest of trees) {
    live.add(digest);
    let bytes: Buffer;
    try {
      bytes = await store.objects.get(digest);
    } catch {
      unreadableTrees.push(digest);
      continue;
    }
    for (const e of parseTree(bytes, digest).entries) {
      // A reference names no stored object.
      if (e.kind === 'reference') continue;
      if (e.chunks) for (const c of e.chunks) live.add(c.digest);
      else live.add(e.digest);
    }
  }
  return { live, unreadableTrees };
}
