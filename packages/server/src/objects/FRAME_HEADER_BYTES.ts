/** A frame of `application/vnd.arca.objects`: 32-byte raw BLAKE3 digest, uint32 big-endian length, then the bytes. */
export const FRAME_HEADER_BYTES = 36;
