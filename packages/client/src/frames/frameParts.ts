/**
 * encodeFrames without the copy: the frame headers and the objects' own buffers
 * in wire order, for a transport that writes them to the socket one by one.
 */
export function frameParts(objects: readonly { digest: string; bytes: Uint8Array }[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const o of objects) {
    const header = Buffer.allocUnsafe(36);
    if (header.write(o.digest.slice(3), 0, 'hex') !== 32) throw new Error('frame encoding: digest is not 64 hex digits');
    header.writeUInt32BE(o.bytes.length, 32);
    parts.push(header, o.bytes);
  }
  return parts;
}
