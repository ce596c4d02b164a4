/** One row of the pack index: the object `digest` is `size` bytes at `offset` of `objects/packs/<pack>.pack`. */
export interface PackEntry {
  digest: string;
  pack: string;
  offset: number;
  size: number;
}
