import { formatCollectionName } from '../names/formatCollectionName.js';
import type { RefDb } from '../refdb/RefDb.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { CollectionRow } from '../refdb/rows.js';
import { protectedAliasesOf } from './protectedAliasesOf.js';
import type { RegisteredModelInfo } from './RegisteredModelInfo.js';

/** The card, metadata, tags, aliases and counts of a registered model's collection row. */
export function describeRegisteredModel(refs: RefDb, c: CollectionRow): RegisteredModelInfo {
  const tables = new RegistryTables(refs);
  const row = tables.model(c.id);
  const latest = refs.latestVersion(c.id);
  return {
    model: formatCollectionName(c),
    entity: c.entity,
    name: c.name,
    type: c.type,
    description: row?.description ?? '',
    metadata: row ? (JSON.parse(row.metadata) as Record<string, unknown>) : {},
    tags: tables.collectionTags(c.id),
    protectedAliases: protectedAliasesOf(refs, c),
    aliases: Object.fromEntries(refs.aliases(c.id).map((a) => [a.alias, `v${a.number}`])),
    versionCount: refs.versionCount(c.id),
    latest: latest ? { version: `v${latest.number}`, digest: latest.digest, createdAt: latest.created_at } : null,
    createdAt: c.created_at,
    updatedAt: row?.updated_at ?? null,
  };
}
