import type { HttpClient } from '../http/HttpClient.js';

/** The server accepts at most this many digests per question. */
export const MISSING_LIMIT = 100_000;

/** Which of `digests` the server lacks: one request, split only above the server's limit. */
export async function askMissing(http: HttpClient, digests: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < digests.length || i === 0; i += MISSING_LIMIT) {
    const part = digests.slice(i, i + MISSING_LIMIT);
    if (part.length === 0) break;
    const res = await http.json<{ missing: string[] }>('POST', '/objects/missing', { json: { digests: part }, idempotent: true });
    missing.push(...res.missing);
  }
  return missing;
}
