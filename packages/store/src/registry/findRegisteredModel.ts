import { NotFoundError } from '../errors/NotFoundError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import { checkModelName } from './checkModelName.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { CollectionRow } from '../refdb/rows.js';

/** Checks `entity/model-registry/Name` and finds its collection, or throws NotFound (kind `model`). */
export function findRegisteredModel(refs: RefDb, model: CollectionName): CollectionRow {
  checkModelName(model);
  const row = refs.findCollection(model);
  if (!row || row.kind !== 'registry') throw new NotFoundError('model', formatCollectionName(model));
  return row;
}
