import { createHasher } from './createHasher.js';

/** `b3:<hex>` of the given bytes: for a file, the same as `b3sum` prints. */
export function hashBytes(bytes: Uint8Array): string {
  const h = createHasher();
  h.update(bytes);
  return h.digest();
}
