import { FRAME_HEADER_BYTES } from './FRAME_HEADER_BYTES.js';

/** The 36 header bytes of a frame for an object of `size` bytes. */
export function encodeFrameHeader(digest: string, size: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.write(digest.slice(3), 0, 32, 'hex');
  header.writeUInt32BE(size, 32);
  return header;
}
