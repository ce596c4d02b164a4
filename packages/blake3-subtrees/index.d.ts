export declare class SubtreeHasher {
  /** `length` bytes at `offset` of the input: an aligned BLAKE3 subtree (any length at 0), else InvalidArg. */
  constructor(offset: number, length: number);
  update(input: Uint8Array): void;
  /** 32 bytes, once exactly `length` bytes went in (more than 1024 at offset 0). */
  chainingValue(): Buffer;
  /** The digest in hex of an input that is this part alone (offset 0). */
  digest(): string;
}

export interface Blake3Subtrees {
  SubtreeHasher: typeof SubtreeHasher;
  /** The parent's chaining value, or with `root` the input's digest in hex. */
  mergeSubtrees(left: Uint8Array, right: Uint8Array, root: true): string;
  mergeSubtrees(left: Uint8Array, right: Uint8Array, root: false): Buffer;
}

/** Null where the addon was not built. */
export declare const addon: Blake3Subtrees | null;
/** The addon's file, for a worker thread to load; null where it was not built. */
export declare const addonPath: string | null;
