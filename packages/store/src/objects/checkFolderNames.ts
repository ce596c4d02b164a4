import { InvalidPathError } from '../errors/InvalidPathError.js';
import { pathsInFolderOrder } from './pathsInFolderOrder.js';
import type { TreeEntry } from './TreeObject.js';

/**
 * Refuses folders whose names are equal under Unicode normalization but spelled
 * differently (`café/a` in NFC beside `café/b` in NFD): on macOS they are one
 * folder, so a pull there would merge them. buildTree refuses such twins among
 * whole paths; this looks at every folder on the way. Checked where new trees
 * are made (a log, a commit), not where stored ones are read, so that a tree
 * stored before this check stays readable.
 *
 * Linear in the size of the paths after a sort (pathsInFolderOrder): the
 * paths under any one folder stand together, so comparing the spellings of
 * neighbours checks every folder.
 */
export function checkFolderNames(entries: readonly Pick<TreeEntry, 'path'>[]): void {
  const items = pathsInFolderOrder(entries);
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1]!;
    const b = items[i]!;
    const depth = firstMisspelledFolder(a, b);
    if (depth === 0) continue;
    // The later entry is refused, its folder named against the spelling that came first.
    const [first, later] = a.index < b.index ? [a, b] : [b, a];
    const folder = later.path.split('/').slice(0, depth).join('/');
    const other = first.path.split('/').slice(0, depth).join('/');
    throw new InvalidPathError(later.path, `folder ${JSON.stringify(folder)} is the same as ${JSON.stringify(other)} under Unicode normalization`);
  }
}

/**
 * How many segments deep the first folder is that both paths share once
 * normalized but spell differently, or 0. Normalization never adds or removes
 * a `/` and works within each segment, so segments correspond one to one.
 */
function firstMisspelledFolder(a: { path: string; nfc: string }, b: { path: string; nfc: string }): number {
  let n = 0;
  let rawA = 0;
  let rawB = 0;
  for (let at = 0; ; ) {
    const endA = a.nfc.indexOf('/', at);
    const endB = b.nfc.indexOf('/', at);
    // A folder both share ends at the same place in both normalized paths.
    if (endA < 0 || endA !== endB || a.nfc.slice(at, endA) !== b.nfc.slice(at, endB)) return 0;
    n++;
    const rawEndA = a.path.indexOf('/', rawA);
    const rawEndB = b.path.indexOf('/', rawB);
    if (a.path.slice(rawA, rawEndA) !== b.path.slice(rawB, rawEndB)) return n;
    at = endA + 1;
    rawA = rawEndA + 1;
    rawB = rawEndB + 1;
  }
}
