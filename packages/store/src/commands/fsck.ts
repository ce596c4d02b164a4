import { ArcaError } from '../errors/ArcaError.js';
import { decodeObject } from '../objects/decodeObject.js';
import { parseTree } from '../objects/parseTree.js';
import { objectsOfFile } from '../objects/objectsOfFile.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { Store } from '../Store.js';

export interface FsckReport {
  ok: boolean;
  objects: number;
  bytes: number;
  versions: number;
  aliases: number;
  /** Objects whose bytes no longer match their digest (or cannot be read), and the first ref that needs each (if any does). */
  corrupt: { digest: string; reason: string; neededBy?: string }[];
  /** Objects a ref needs that are not stored, with who needs them. */
  missing: { digest: string; neededBy: string }[];
  /** With `repair`: the corrupt objects taken out of the store (FsObjectStore.quarantine); refs needing them are then listed as missing. */
  quarantined: string[];
  /** Refs that cannot be resolved, or whose tree gives an object a size it does not have (a pull of it would fail). */
  brokenRefs: { ref: string; reason: string }[];
}

/**
 * Re-hashes every object, loose and packed (list() yields both, get() verifies
 * both), and walks every ref: version → version/link object → tree → chunks,
 * and alias → version. Reports damage; changes nothing, unless `repair`: then
 * every corrupt object is quarantined first, so that it can be uploaded again.
 */
export async function fsck(store: Store, opts: { repair?: boolean } = {}): Promise<FsckReport> {
  const report: FsckReport = { ok: true, objects: 0, bytes: 0, versions: 0, aliases: 0, corrupt: [], missing: [], quarantined: [], brokenRefs: [] };
  const bad = new Set<string>();
  const sizes = new Map<string, number>();
  for await (const digest of store.objects.list()) {
    report.objects++;
    try {
      const size = (await store.objects.get(digest)).length;
      sizes.set(digest, size);
      report.bytes += size;
    } catch (err) {
      // Listed, then removed before it could be read: garbage collection swept it
      // meanwhile (fsck may run beside a live server). Gone is not damaged; a ref
      // that needs it is reported as missing below.
      if (err instanceof ArcaError && err.code === 'NotFound' && !store.objects.has(digest)) {
        report.objects--;
        continue;
      }
      bad.add(digest);
      report.corrupt.push({ digest, reason: err instanceof ArcaError ? err.code : String(err) });
    }
  }
  if (opts.repair) {
    // Only bytes known to be wrong; an object that could not be read for another reason (permissions) stays.
    for (const c of report.corrupt) {
      if (c.reason !== 'CorruptObject') continue;
      await store.objects.quarantine(c.digest);
      report.quarantined.push(c.digest);
      bad.delete(c.digest);
    }
  }
  const badNeededBy = new Map<string, string>();
  const present = (digest: string) => !bad.has(digest) && store.objects.has(digest);
  const need = (digest: string, neededBy: string): boolean => {
    if (present(digest)) return true;
    if (!bad.has(digest)) report.missing.push({ digest, neededBy });
    else if (!badNeededBy.has(digest)) badNeededBy.set(digest, neededBy);
    return false;
  };
  const collections = new Map(store.refs.allCollections().map((c) => [c.id, formatCollectionName(c)]));
  const checkedTrees = new Set<string>();
  for (const v of store.refs.allVersions()) {
    report.versions++;
    const ref = `${collections.get(v.collection_id)}:v${v.number}`;
    if (v.link_digest !== null) need(v.link_digest, ref);
    if (!need(v.digest, ref)) continue;
    try {
      const { type, value } = decodeObject(await store.objects.get(v.digest), v.digest);
      if (type !== 'version' || (value as { tree?: unknown }).tree !== v.tree) {
        report.brokenRefs.push({ ref, reason: 'version object does not match the ref database' });
      }
    } catch (err) {
      report.brokenRefs.push({ ref, reason: err instanceof ArcaError ? err.code : String(err) });
      continue;
    }
    if (checkedTrees.has(v.tree) || !need(v.tree, ref)) continue;
    checkedTrees.add(v.tree);
    try {
      const tree = parseTree(await store.objects.get(v.tree), v.tree);
      for (const e of tree.entries) {
        if (e.kind === 'reference') continue;
        for (const c of objectsOfFile(e)) {
          if (!need(c.digest, `${ref}/${e.path}`)) continue;
          // Stored after the listing above (a concurrent upload): not sized, not checked.
          const stored = sizes.get(c.digest);
          if (stored !== undefined && stored !== c.size) {
            report.brokenRefs.push({ ref: `${ref}/${e.path}`, reason: `the tree gives ${c.digest} ${c.size} bytes; the stored object has ${stored}` });
          }
        }
      }
    } catch (err) {
      report.brokenRefs.push({ ref, reason: err instanceof ArcaError ? err.code : String(err) });
    }
  }
  for (const a of store.refs.allAliases()) {
    report.aliases++;
    if (!store.refs.version(a.collection_id, a.number)) {
      report.brokenRefs.push({ ref: `${collections.get(a.collection_id)}:${a.alias}`, reason: `points at missing v${a.number}` });
    }
  }
  for (const c of report.corrupt) {
    const by = badNeededBy.get(c.digest);
    if (by !== undefined) c.neededBy = by;
  }
  report.ok = report.corrupt.length === 0 && report.missing.length === 0 && report.brokenRefs.length === 0;
  return report;
}
