/**
 * First bytes of every pack file, so a stray file is recognisable (and the
 * format can change). After it, each object is a frame: 32-byte raw digest,
 * uint32 big-endian size, the bytes (the wire framing of /objects/batch). A
 * client that stages a pack for the server to adopt writes the same (decision 024).
 */
export const PACK_MAGIC: Uint8Array = new TextEncoder().encode('ARCAPK01');
