import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { MAX_TTL_SECONDS } from './MAX_TTL_SECONDS.js';

/** A TTL is a whole number of seconds from 1 to MAX_TTL_SECONDS; null (keep forever) where the caller allows it. */
export function validateTtl(ttl: unknown, allowNull: boolean): number | null {
  if (ttl === null && allowNull) return null;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new InvalidArgumentError('ttlSeconds', `a whole number of seconds from 1 to ${MAX_TTL_SECONDS}${allowNull ? ', or null to keep forever' : ''}`);
  }
  return ttl;
}
