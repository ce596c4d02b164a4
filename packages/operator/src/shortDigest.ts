/** `b3:` and the first 12 hex digits: enough to tell versions apart in `kubectl get`. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 15);
}
