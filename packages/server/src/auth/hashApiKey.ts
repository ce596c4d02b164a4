import { createHash } from 'node:crypto';

/**
 * What the database holds of a key: its SHA-256, hex. A key carries 256 random
 * bits, so a fast hash is enough: no salt or slow KDF is needed against
 * guessing (decision 017), and a lookup costs microseconds per request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
