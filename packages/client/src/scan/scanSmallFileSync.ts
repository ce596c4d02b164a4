import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { identityOf } from './identityOf.js';
import type { FileIdentity } from './LocalFile.js';
import { sameIdentity } from './sameIdentity.js';
import { scanBuffer } from './scanBuffer.js';
import type { LocalScan } from './scanLocalFile.js';

/** Files up to this size are scanned with synchronous calls (see Yielder). */
export const SYNC_SCAN_LIMIT = 1024 * 1024;

/**
 * Scans a small file that the directory walk saw with identity `seen`: open,
 * read, fstat, close. If the identity after reading still equals `seen`, the
 * bytes are the file's content in that state; otherwise returns null and the
 * caller takes the careful path (scanLocalFile). The bytes come back too, so
 * the pipelined upload takes them from memory instead of reading the file again.
 */
export function scanSmallFileSync(abs: string, seen: FileIdentity): (LocalScan & { bytes: Buffer }) | null {
  const readStartMs = Date.now();
  const fd = openSync(abs, 'r');
  let buf: Buffer;
  let after: FileIdentity;
  let filled = 0;
  try {
    buf = Buffer.allocUnsafe(seen.size);
    while (filled < seen.size) {
      const n = readSync(fd, buf, filled, seen.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    after = identityOf(fstatSync(fd, { bigint: true }));
  } finally {
    closeSync(fd);
  }
  if (filled !== seen.size || !sameIdentity(after, seen)) return null;
  return { identity: after, scan: scanBuffer(buf), readStartMs, bytes: buf };
}
