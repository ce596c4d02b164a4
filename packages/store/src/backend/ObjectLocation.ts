/**
 * Where an object's bytes lie in the store's files: `size` bytes at `offset` of
 * `file`, a path relative to the objects folder (`ab/cdef…` for a loose object,
 * `packs/<name>.pack` for a packed one). The bytes are the object itself, with
 * no header, so a reader on the same machine can take them directly
 * (decision 022); whoever reads them must verify them.
 */
export interface ObjectLocation {
  file: string;
  offset: number;
  size: number;
}
