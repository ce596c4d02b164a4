/**
 * The body of `POST /objects/batch`: per object `[32-byte digest][u32 BE length][bytes]`.
 */
export function encodeFrames(objects: readonly { digest: string; bytes: Uint8Array }[]): Buffer {
  let total = 0;
  for (const o of objects) total += 36 + o.bytes.length;
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  for (const o of objects) {
    pos += out.write(o.digest.slice(3), pos, 'hex');
    out.writeUInt32BE(o.bytes.length, pos);
    pos += 4;
    out.set(o.bytes, pos);
    pos += o.bytes.length;
  }
  if (pos !== total) throw new Error('frame encoding: digest is not 64 hex digits');
  return out;
}
