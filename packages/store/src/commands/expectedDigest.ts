import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/** At least the 12 hex digits that `ls`, `show` and `log` print: 48 bits, no chance meeting within one collection. */
const EXPECTED = /^b3:[0-9a-f]{12,64}$/;

/**
 * The `expect` of an alias compare-and-swap: a full digest, or the short form
 * the CLI prints (`b3:` and at least 12 hex digits), which people copy.
 */
export function validateExpectedDigest(expect: unknown): asserts expect is string {
  if (typeof expect !== 'string' || !EXPECTED.test(expect)) {
    throw new InvalidArgumentError('expect', 'b3: and at least 12 lowercase hex digits of the digest the alias should point at now');
  }
}

/** Whether the alias's current digest (null: no alias) is the one expected. */
export function matchesExpectedDigest(expect: string, actual: string | null): boolean {
  return actual !== null && actual.startsWith(expect);
}
