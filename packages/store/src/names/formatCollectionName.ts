import type { CollectionName } from './parseCollectionName.js';

export function formatCollectionName(c: CollectionName): string {
  return `${c.entity}/${c.project}/${c.name}`;
}
