/**
 * An object's bytes as one buffer or as the parts they arrived in (views of
 * network buffers, in order). The server hands batch uploads over in parts so
 * that no object is copied into a buffer of its own just to be hashed and
 * written once.
 */
export type ObjectBytes = Uint8Array | readonly Uint8Array[];

/** The parts of `bytes`, in order; a single buffer is one part. */
export function objectParts(bytes: ObjectBytes): readonly Uint8Array[] {
  return Array.isArray(bytes) ? bytes : [bytes as Uint8Array];
}
