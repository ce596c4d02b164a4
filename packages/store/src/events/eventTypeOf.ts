import type { EventType } from './ArcaEvent.js';

/** What kind of change a ref log row is, from its ref, which side is empty, and the collection's kind. */
export function eventTypeOf(ref: string, hasOld: boolean, hasNew: boolean, kind: 'artifact' | 'registry'): EventType {
  const op = !hasOld ? 'added' : hasNew ? 'moved' : 'removed';
  if (ref.startsWith('versions/')) {
    if (hasNew) return kind === 'registry' ? 'version.linked' : 'version.logged';
    return kind === 'registry' ? 'version.unlinked' : 'version.deleted';
  }
  if (ref.startsWith('aliases/')) return `alias.${op}` as EventType;
  // A tag names a version once; "moving" a tag is not a thing, so anything but removal is an add.
  if (ref.startsWith('tags/')) return hasNew || !hasOld ? 'tag.added' : 'tag.removed';
  if (ref === 'model') return 'model.created';
  // The ref says which: the card, the metadata, or the list of protected aliases.
  if (ref === 'card' || ref === 'metadata' || ref === 'protected-aliases') return 'model.edited';
  if (ref === 'collection') return 'collection.deleted';
  return 'ref.changed';
}
