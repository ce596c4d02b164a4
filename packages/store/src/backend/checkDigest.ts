import { createHasher } from '../digest/createHasher.js';
import { DigestMismatchError } from '../errors/DigestMismatchError.js';
import { objectParts, type ObjectBytes } from './objectParts.js';

/** Throws DigestMismatchError unless `bytes` hash to `digest`; `what` names them in the error. */
export function checkDigest(digest: string, bytes: ObjectBytes, what: string): void {
  const h = createHasher();
  for (const part of objectParts(bytes)) h.update(part);
  const actual = h.digest();
  if (actual !== digest) throw new DigestMismatchError(what, digest, actual);
}
