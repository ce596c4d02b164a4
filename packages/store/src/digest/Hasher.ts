/** An incremental BLAKE3-256 hasher; `digest()` may be called once. */
export interface Hasher {
  update(bytes: Uint8Array): void;
  digest(): string;
}
