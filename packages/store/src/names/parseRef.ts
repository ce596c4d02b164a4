import { InvalidNameError } from '../errors/InvalidNameError.js';
import { validateAlias } from './validateAlias.js';
import { parseCollectionName, type CollectionName } from './parseCollectionName.js';

export type Selector =
  | { kind: 'alias'; alias: string }
  | { kind: 'number'; number: number }
  | { kind: 'digest'; prefix: string };

export interface Ref extends CollectionName {
  selector: Selector;
}

const MIN_PREFIX = 6;

/**
 * Parses `entity/project/name[:alias|:vN|@b3:<hex or prefix>]`. With no selector
 * the ref means `:latest`, as in W&B.
 */
export function parseRef(ref: string): Ref {
  if (typeof ref !== 'string') throw new InvalidNameError('ref', String(ref), 'not a string');
  const lastSlash = ref.lastIndexOf('/');
  const tail = ref.slice(lastSlash + 1);
  const at = tail.indexOf('@');
  const colon = tail.indexOf(':');
  let cut = -1;
  if (at >= 0 && (colon < 0 || at < colon)) cut = at;
  else if (colon >= 0) cut = colon;
  if (cut < 0) return { ...parseCollectionName(ref), selector: { kind: 'alias', alias: 'latest' } };
  const collection = parseCollectionName(ref.slice(0, lastSlash + 1 + cut));
  const rest = tail.slice(cut + 1);
  if (tail[cut] === '@') {
    const m = /^b3:([0-9a-f]+)$/.exec(rest);
    if (!m || m[1]!.length < MIN_PREFIX || m[1]!.length > 64) {
      throw new InvalidNameError('ref', ref, `a pinned ref is @b3: and ${MIN_PREFIX} to 64 lowercase hex digits`);
    }
    return { ...collection, selector: { kind: 'digest', prefix: m[1]! } };
  }
  const num = /^v(0|[1-9]\d{0,8})$/.exec(rest);
  if (num) return { ...collection, selector: { kind: 'number', number: Number(num[1]) } };
  // Not an alias either (vN names belong to the server): say what a version number may be.
  if (/^v\d+$/.test(rest)) throw new InvalidNameError('ref', ref, 'a version is v and a number from 0 to 999999999, without leading zeros');
  if (rest !== 'latest') validateAlias(rest);
  return { ...collection, selector: { kind: 'alias', alias: rest } };
}
