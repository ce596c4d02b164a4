import { open } from 'node:fs/promises';
import { InvalidArgumentError } from '@arca/store/pure';
import { identityOf } from '../scan/identityOf.js';
import { sameIdentity } from '../scan/sameIdentity.js';
import type { ObjectSource } from './ObjectSource.js';

/**
 * The bytes of one object, read from its file by offset so that no file is ever
 * held whole. The file must still be the one that was scanned: otherwise the
 * digests sent to the server describe bytes that no longer exist.
 */
export async function readSource(src: ObjectSource): Promise<Buffer> {
  if (src.bytes) return src.bytes;
  const f = src.file!;
  const fh = await open(f.abs, 'r');
  try {
    const now = identityOf(await fh.stat({ bigint: true }));
    if (!sameIdentity(now, f.identity)) {
      throw new InvalidArgumentError('paths', `${f.abs} changed after it was scanned; log again`);
    }
    const buf = Buffer.allocUnsafe(src.size);
    let filled = 0;
    while (filled < src.size) {
      const { bytesRead } = await fh.read(buf, filled, src.size - filled, f.offset + filled);
      if (bytesRead === 0) throw new InvalidArgumentError('paths', `${f.abs} became shorter after it was scanned; log again`);
      filled += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}
