import type { CollectionName, Store } from '@arca/store';

/** Protected when nothing else is configured for a collection. */
export const DEFAULT_PROTECTED_ALIASES: readonly string[] = ['production'];

/** The aliases of `collection` that only a team admin may move or remove. */
export function protectedAliasesOf(store: Store, collection: CollectionName): readonly string[] {
  return store.access.protectedAliases(collection) ?? DEFAULT_PROTECTED_ALIASES;
}
