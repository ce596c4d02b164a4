import { InvalidArgumentError, isDigest } from '@arca/store';

/** Every item of a `digests` list must be a full digest; the first bad one is named with its index. */
export function checkDigestList(digests: string[]): void {
  for (let i = 0; i < digests.length; i++) {
    if (!isDigest(digests[i])) throw new InvalidArgumentError(`digests[${i}]`, 'must be b3: and 64 lowercase hex digits');
  }
}
