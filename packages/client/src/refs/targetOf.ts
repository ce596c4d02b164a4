import { parseCollectionName, parseRef, type CollectionName, type Selector } from '@arca/store/pure';

/**
 * A ref with a selector names a version; a bare `entity/project/name` names the
 * collection itself (for tags, retention and deletion, not its latest version:
 * deleting a whole collection must never be what a missing `:vN` silently meant).
 */
export function targetOf(ref: string): { collection: CollectionName; selector?: Selector } {
  const hasSelector = /[:@][^/]*$/.test(ref.slice(ref.lastIndexOf('/') + 1));
  if (!hasSelector) return { collection: parseCollectionName(ref) };
  const r = parseRef(ref);
  return { collection: { entity: r.entity, project: r.project, name: r.name }, selector: r.selector };
}
