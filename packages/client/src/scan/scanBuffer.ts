import { createHasher, cutPoints, hashBytes, type ScannedFile } from '@arca/store/pure';

/**
 * scanFile's result for bytes already in memory: the same chunk boundaries and
 * digests, without scanFile's 16 MiB read buffer per call, which dominates the
 * cost of many small files.
 */
export function scanBuffer(bytes: Buffer): ScannedFile {
  const sizes = cutPoints(bytes);
  if (sizes.length <= 1) {
    const digest = hashBytes(bytes);
    return { size: bytes.length, digest, chunks: [{ digest, size: bytes.length }] };
  }
  const whole = createHasher();
  whole.update(bytes);
  const chunks = [];
  let pos = 0;
  for (const size of sizes) {
    chunks.push({ digest: hashBytes(bytes.subarray(pos, pos + size)), size });
    pos += size;
  }
  return { size: bytes.length, digest: whole.digest(), chunks };
}
