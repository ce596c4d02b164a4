import type { TagTarget } from '@arca/store';
import { selectorOf } from '../aliases/selectorOf.js';
import { collectionFromParams } from '../http/collectionFromParams.js';

/** The collection, or with a `:version` segment (`vN`, an alias or `b3:<hex prefix>`) one of its versions. */
export function tagTargetOf(params: Record<string, unknown>): TagTarget {
  const collection = collectionFromParams(params);
  const version = params.version;
  return typeof version === 'string' ? { ...collection, selector: selectorOf(collection, version) } : collection;
}
