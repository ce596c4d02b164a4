import { randomBytes } from 'node:crypto';
import { hashApiKey } from './hashApiKey.js';

/**
 * A new API key: `arca_<id>_<secret>`, where `id` (12 hex digits) is public and
 * names the key in listings and revocations, and `secret` is 32 random bytes
 * (base64url). Only `hash` is ever stored; `key` is shown once.
 */
export function generateApiKey(): { id: string; key: string; hash: string } {
  const id = randomBytes(6).toString('hex');
  const key = `arca_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, hash: hashApiKey(key) };
}
