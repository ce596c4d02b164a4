import { InvalidNameError } from '../errors/InvalidNameError.js';

const ALIAS = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

/**
 * Throws InvalidNameError unless `alias` is a name a user may set. Aliases follow
 * git's rules for one ref component (the git face serves them as refs), and
 * `latest` and `vN` belong to the server.
 */
export function validateAlias(alias: unknown): asserts alias is string {
  if (typeof alias !== 'string') throw new InvalidNameError('alias', String(alias), 'not a string');
  if (!ALIAS.test(alias) || alias.includes('..') || alias.endsWith('.lock') || alias.endsWith('.')) {
    throw new InvalidNameError('alias', alias, 'letters, digits, "-", "_" and "." (not first or last, no ".."), at most 128');
  }
  if (alias === 'latest' || /^v\d+$/.test(alias)) throw new InvalidNameError('alias', alias, 'reserved for the server');
}
