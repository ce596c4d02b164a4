import type { ScannedFile, scanFile } from '@arca/store/pure';

/**
 * What identifies one state of a file on disk, as git's index does: an equal
 * identity means unchanged content (modulo the racy-timestamp rule in ScanCache).
 * Numbers that may exceed 2^53 are kept as decimal strings.
 */
export interface FileIdentity {
  dev: string;
  ino: string;
  size: number;
  mtimeNs: string;
  ctimeNs: string;
}

/** A file to log: where to read it and the path it gets in the artifact. */
export interface LocalFile {
  abs: string;
  path: string;
  identity: FileIdentity;
}

export interface ScannedLocalFile extends LocalFile {
  scan: ScannedFile;
}

/** What a scan hands each chunk to, as it is cut: the store's scanFile callback (its bytes are reused after it settles). */
export type ChunkCallback = NonNullable<Parameters<typeof scanFile>[1]>;
