/** One URL path segment: names may hold spaces, slashes are not theirs to add. */
export function pathSegment(s: string): string {
  return encodeURIComponent(s);
}
