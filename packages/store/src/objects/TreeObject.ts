import type { ChunkRef } from '../chunking/scanFile.js';

/** One file of an artifact, its bytes stored as objects. */
export interface FileEntry {
  path: string;
  size: number;
  digest: string;
  /** Present only when the file has more than one chunk; otherwise the file is one object, `digest`. */
  chunks?: ChunkRef[];
  kind?: undefined;
}

/**
 * A file recorded by location, not by bytes (decision 013): a `file://`,
 * `http(s)://` or `s3://` URI with its size and a checksum (`sha256:<hex>` or
 * `b3:<hex>`) or the server's ETag, or both. Nothing of it is stored; `pull`
 * fetches file and http(s) references and checks them.
 */
export interface ReferenceEntry {
  path: string;
  kind: 'reference';
  uri: string;
  size: number;
  checksum?: string;
  etag?: string;
}

/** One entry of a tree: a stored file or a reference. */
export type TreeEntry = FileEntry | ReferenceEntry;

/** The content of a version: every file, sorted by the UTF-8 bytes of its path. */
export interface TreeObject {
  format: 1;
  entries: TreeEntry[];
}
