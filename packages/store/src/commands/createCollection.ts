import { AlreadyExistsError } from '../errors/AlreadyExistsError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import type { CollectionRow } from '../refdb/rows.js';

/**
 * Creates a collection (call inside a transaction, after no exact match was found).
 * Refuses a name that differs from an existing one of the project only in case:
 * `Nature Classifier` and `nature classifier` as two models, or a typo'd `MNIST`
 * as a second dataset, split one history in two without anyone noticing.
 */
export function createCollection(refs: RefDb, c: CollectionName, type: string, kind: CollectionRow['kind'], now: string): CollectionRow {
  const twin = refs.findCollectionIgnoringCase(c);
  if (twin) {
    throw new AlreadyExistsError(twin.kind === 'registry' ? 'model' : 'collection', formatCollectionName(twin), formatCollectionName(c));
  }
  return refs.createCollection(c, type, kind, now);
}
