import { validateName } from '../names/validateName.js';
import { validateTag } from '../names/validateTag.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';

/** Every live collection and version of a team that carries the tag. */
export function findTagged(
  store: Store,
  entity: string,
  tag: string,
): { collections: { collection: string; kind: 'artifact' | 'registry'; type: string }[]; versions: { collection: string; version: string; digest: string }[] } {
  validateName('entity', entity);
  validateTag(tag);
  const tables = new RegistryTables(store.refs);
  return {
    collections: tables
      .collectionsTagged(entity, tag)
      .map((c) => ({ collection: `${c.entity}/${c.project}/${c.name}`, kind: c.kind, type: c.type })),
    versions: tables
      .versionsTagged(entity, tag)
      .map((v) => ({ collection: `${entity}/${v.project}/${v.name}`, version: `v${v.number}`, digest: v.digest })),
  };
}
