const DIGEST = /^b3:[0-9a-f]{64}$/;

/** True for a full digest in Arca's text form, `b3:` and 64 lowercase hex digits. */
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}
