export interface PathInFolderOrder {
  path: string;
  /** The path in Unicode normalization form C. */
  nfc: string;
  /** `nfc` with `/` as NUL: what the order compares. */
  key: string;
  /** Where the path stands in the tree. */
  index: number;
}

/**
 * Paths sorted by their normalized form with `/` ordered before every other
 * character (no path holds a NUL): whatever lies under a path comes right after
 * it, and the paths under any one folder stand together. Checks of folders then
 * look at neighbours instead of spelling out every folder of every path, which
 * cost a tree of deep paths (2,000 one-letter folders, 4 KiB each) time and
 * memory in the square of its depth.
 */
export function pathsInFolderOrder(entries: readonly { path: string }[]): PathInFolderOrder[] {
  // split/join, not replaceAll: V8 compares replaceAll's result far slower (a 1 MiB tree: 0.6 s of sorting).
  const items = entries.map((e, index) => {
    const nfc = e.path.normalize('NFC');
    return { path: e.path, nfc, key: nfc.split('/').join('\0'), index };
  });
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
}
