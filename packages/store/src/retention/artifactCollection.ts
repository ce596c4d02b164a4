import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { CollectionRow } from '../refdb/rows.js';

/**
 * The artifact collection retention applies to. Registry versions are links,
 * exempt by definition: they are the versions a team chose to keep.
 */
export function artifactCollection(refs: RefDb, name: CollectionName): CollectionRow {
  const collection = refs.findCollection(name);
  if (!collection) throw new NotFoundError('collection', formatCollectionName(name));
  if (collection.kind !== 'artifact') {
    throw new InvalidArgumentError('collection', `${formatCollectionName(name)} is a registered model; retention applies to artifact collections (linked versions are exempt)`);
  }
  return collection;
}
