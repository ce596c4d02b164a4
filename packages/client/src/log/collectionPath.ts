import type { CollectionName } from '@arca/store/pure';

/** `/collections/{entity}/{project}/{name}`, each segment URL-encoded. */
export function collectionPath(c: CollectionName): string {
  return `/collections/${encodeURIComponent(c.entity)}/${encodeURIComponent(c.project)}/${encodeURIComponent(c.name)}`;
}
