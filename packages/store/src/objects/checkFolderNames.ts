import { InvalidPathError } from '../errors/InvalidPathError.js';
import type { TreeEntry } from './TreeObject.js';

/**
 * Refuses folders whose names are equal under Unicode normalization but spelled
 * differently (`café/a` in NFC beside `café/b` in NFD): on macOS they are one
 * folder, so a pull there would merge them. buildTree refuses such twins among
 * whole paths; this looks at every folder on the way. Checked where new trees
 * are made (a log, a commit), not where stored ones are read, so that a tree
 * stored before this check stays readable.
 */
export function checkFolderNames(entries: readonly Pick<TreeEntry, 'path'>[]): void {
  const spelling = new Map<string, string>();
  for (const e of entries) {
    const segments = e.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      const key = folder.normalize('NFC');
      const other = spelling.get(key);
      if (other === undefined) spelling.set(key, folder);
      else if (other !== folder) throw new InvalidPathError(e.path, `folder ${JSON.stringify(folder)} is the same as ${JSON.stringify(other)} under Unicode normalization`);
    }
  }
}
