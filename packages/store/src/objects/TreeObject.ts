import type { ChunkRef } from '../chunking/scanFile.js';

/** One file of an artifact. */
export interface TreeEntry {
  path: string;
  size: number;
  digest: string;
  /** Present only when the file has more than one chunk; otherwise the file is one object, `digest`. */
  chunks?: ChunkRef[];
}

/** The content of a version: every file, sorted by the UTF-8 bytes of its path. */
export interface TreeObject {
  format: 1;
  entries: TreeEntry[];
}
