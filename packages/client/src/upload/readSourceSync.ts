import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InvalidArgumentError } from '@arca/store/pure';
import { identityOf } from '../scan/identityOf.js';
import { sameIdentity } from '../scan/sameIdentity.js';
import type { ObjectSource } from './ObjectSource.js';

/**
 * readSource for small objects, with synchronous calls (see Yielder): the file
 * must still be the one that was scanned, else the digests sent to the server
 * describe bytes that no longer exist.
 */
export function readSourceSync(src: ObjectSource): Buffer {
  if (src.bytes) return src.bytes;
  const f = src.file!;
  const fd = openSync(f.abs, 'r');
  try {
    if (!sameIdentity(identityOf(fstatSync(fd, { bigint: true })), f.identity)) {
      throw new InvalidArgumentError('paths', `${f.abs} changed after it was scanned; log again`);
    }
    const buf = Buffer.allocUnsafe(src.size);
    let filled = 0;
    while (filled < src.size) {
      const n = readSync(fd, buf, filled, src.size - filled, f.offset + filled);
      if (n === 0) throw new InvalidArgumentError('paths', `${f.abs} became shorter after it was scanned; log again`);
      filled += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}
