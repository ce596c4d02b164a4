import { InvalidNameError } from '../errors/InvalidNameError.js';

const TAG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Throws InvalidNameError unless `tag` is a valid tag of a collection or version:
 * letters, digits, "_", "-" and ".", starting with a letter or digit, at most 64.
 * Narrower than free text so that a tag is one URL path segment and one word in a search.
 */
export function validateTag(tag: unknown): asserts tag is string {
  if (typeof tag !== 'string') throw new InvalidNameError('tag', String(tag), 'not a string');
  if (!TAG.test(tag)) throw new InvalidNameError('tag', tag, 'letters, digits, "_", "-" and ".", starting with a letter or digit, at most 64');
}
