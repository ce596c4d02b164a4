import { validateName } from '../names/validateName.js';
import { validateTag } from '../names/validateTag.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';

export interface CollectionSummary {
  collection: string;
  kind: 'artifact' | 'registry';
  type: string;
  versionCount: number;
  latest: { version: string; digest: string; createdAt: string } | null;
  aliases: Record<string, string>;
  /** Tags of the collection itself. */
  tags: string[];
  createdAt: string;
}

/** The collections of one project (or of a team's `model-registry`); with `tag`, only those carrying it. */
export function listCollections(store: Store, entity: string, project: string, filter: { tag?: string } = {}): CollectionSummary[] {
  validateName('entity', entity);
  validateName('project', project);
  if (filter.tag !== undefined) validateTag(filter.tag);
  const tables = new RegistryTables(store.refs);
  return store.refs
    .listCollections(entity, project)
    .map((c) => {
      const latest = store.refs.latestVersion(c.id);
      return {
        collection: `${c.entity}/${c.project}/${c.name}`,
        kind: c.kind,
        type: c.type,
        versionCount: store.refs.versionCount(c.id),
        latest: latest ? { version: `v${latest.number}`, digest: latest.digest, createdAt: latest.created_at } : null,
        aliases: Object.fromEntries(store.refs.aliases(c.id).map((a) => [a.alias, `v${a.number}`])),
        tags: tables.collectionTags(c.id),
        createdAt: c.created_at,
      };
    })
    .filter((s) => filter.tag === undefined || s.tags.includes(filter.tag));
}
