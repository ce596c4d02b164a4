import type { FileIdentity } from '../scan/LocalFile.js';

/** Where the bytes of one object to upload come from: a range of a scanned file, or memory (the tree). */
export interface ObjectSource {
  digest: string;
  size: number;
  file?: { abs: string; identity: FileIdentity; offset: number };
  bytes?: Buffer;
}
