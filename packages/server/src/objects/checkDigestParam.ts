import { InvalidArgumentError, isDigest } from '@arca/store';

/** The `{digest}` of an object path, which must be a full `b3:<64 hex>`. */
export function checkDigestParam(value: unknown): string {
  if (!isDigest(value)) throw new InvalidArgumentError('digest', 'must be b3: and 64 lowercase hex digits');
  return value;
}
