import { DEFAULT_PROTECTED_ALIASES, protectedAliasesOf as registryProtectedAliases, type CollectionName, type Store } from '@arca/store';

/**
 * The aliases of `collection` that only a team admin may move or remove: a
 * registered model's own list (set when it is created or edited), otherwise
 * the default. The same list keeps a version from being deleted (InUse), so
 * there is one place that says what is protected.
 */
export function protectedAliasesOf(store: Store, collection: CollectionName): readonly string[] {
  const row = store.refs.findCollection(collection);
  return row ? registryProtectedAliases(store.refs, row) : DEFAULT_PROTECTED_ALIASES;
}
