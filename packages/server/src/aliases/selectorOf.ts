import { formatCollectionName, InvalidArgumentError, parseRef, type CollectionName, type Selector } from '@arca/store';

/**
 * The version an alias move names: `vN`, another alias, or `b3:<hex prefix>`.
 * Parsed by the store's ref grammar so that the API and refs agree on what each means.
 */
export function selectorOf(collection: CollectionName, version: string): Selector {
  if (version === '') throw new InvalidArgumentError('version', 'must be vN, an alias or b3:<hex prefix>');
  const name = formatCollectionName(collection);
  return parseRef(version.startsWith('b3:') ? `${name}@${version}` : `${name}:${version}`).selector;
}
