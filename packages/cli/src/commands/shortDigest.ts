/** `b3:` and the first 12 hex digits: enough to be unique in practice, and accepted by `@b3:` refs. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 15);
}
