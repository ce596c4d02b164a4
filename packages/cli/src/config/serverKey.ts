/** Keys are stored per server, by URL without a trailing slash or the `/api/v1` suffix, so both spellings find the same key. */
export function serverKey(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}
