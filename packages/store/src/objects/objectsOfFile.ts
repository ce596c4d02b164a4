import type { ChunkRef } from '../chunking/scanFile.js';
import type { FileEntry } from './TreeObject.js';

/** The objects a file's bytes are stored as: its chunks, or the file itself when it is one chunk. */
export function objectsOfFile(e: FileEntry): ChunkRef[] {
  return e.chunks ?? [{ digest: e.digest, size: e.size }];
}
