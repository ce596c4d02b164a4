import type { CollectionName } from '../names/parseCollectionName.js';
import type { EventType } from './ArcaEvent.js';

/** Which events a listener wants; every given field narrows, an empty filter passes everything. */
export interface EventFilter {
  /** Only these entities (teams); the server sets it to the caller's teams. */
  entities?: readonly string[];
  collection?: CollectionName;
  types?: readonly EventType[];
}
