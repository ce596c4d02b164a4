import type { CollectionName } from '../names/parseCollectionName.js';
import type { Selector } from '../names/parseRef.js';

/** A collection, or one of its versions when `selector` is given. */
export interface TagTarget extends CollectionName {
  selector?: Selector;
}
