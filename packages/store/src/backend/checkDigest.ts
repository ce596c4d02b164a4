import { createHasher } from '../digest/createHasher.js';
import { DigestMismatchError } from '../errors/DigestMismatchError.js';

/** Throws DigestMismatchError unless `bytes` hash to `digest`; `what` names them in the error. */
export function checkDigest(digest: string, bytes: Uint8Array, what: string): void {
  const h = createHasher();
  h.update(bytes);
  const actual = h.digest();
  if (actual !== digest) throw new DigestMismatchError(what, digest, actual);
}
