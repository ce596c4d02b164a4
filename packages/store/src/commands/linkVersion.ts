import { hashBytes } from '../digest/hashBytes.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { TypeMismatchError } from '../errors/TypeMismatchError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import { REGISTRY_PROJECT, type CollectionName } from '../names/parseCollectionName.js';
import type { Selector } from '../names/parseRef.js';
import { validateAlias } from '../names/validateAlias.js';
import { validateName } from '../names/validateName.js';
import { encodeObject } from '../objects/encodeObject.js';
import type { LinkObject } from '../objects/LinkObject.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import type { Actor } from './Actor.js';
import { describeVersion } from './describeVersion.js';
import { appendVersionInTransaction } from './appendVersionInTransaction.js';
import { moveAliasInTransaction } from './moveAliasInTransaction.js';
import { resolveVersion } from './resolveVersion.js';
import type { VersionInfo } from './VersionInfo.js';
import { createCollection } from './createCollection.js';

export interface LinkInput extends Actor {
  source: CollectionName & { selector: Selector };
  /** `entity/model-registry/Name`; created by the first link. */
  registry: CollectionName;
  aliases?: string[];
}

/**
 * Links an artifact version into a registered model: a new registry version
 * `vN` (numbered on its own) that points at the source version's digest. No bytes
 * are copied. Linking a version already in the registry moves the aliases only.
 */
export async function linkVersion(store: Store, input: LinkInput): Promise<{ created: boolean; version: VersionInfo }> {
  const r = input.registry;
  validateName('entity', r.entity);
  validateName('name', r.name);
  if (r.project !== REGISTRY_PROJECT) {
    throw new InvalidArgumentError('registry', `must be <entity>/${REGISTRY_PROJECT}/<Model Name>`);
  }
  const aliases = [...new Set((input.aliases ?? []).filter((a) => a !== 'latest'))];
  aliases.forEach(validateAlias);
  const refs = store.refs;
  const registryName = formatCollectionName(r);

  const result = refs.transaction(() => {
    const now = new Date().toISOString();
    const who = { actor: input.actor, reason: input.reason ?? '', time: now };
    let { collection: sourceCollection, version: source } = resolveVersion(refs, input.source);
    if (sourceCollection.kind === 'registry') {
      // Linking from another registry links the underlying artifact version.
      sourceCollection = refs.collectionById(source.source_collection_id!);
      source = refs.version(sourceCollection.id, source.source_number!)!;
    }
    if (sourceCollection.entity !== r.entity) {
      throw new InvalidArgumentError('registry', `a version of ${sourceCollection.entity} can only be linked into ${sourceCollection.entity}/${REGISTRY_PROJECT}`);
    }
    const registry = refs.findCollection(r) ?? createCollection(refs, r, sourceCollection.type, 'registry', now);
    if (registry.type !== sourceCollection.type) throw new TypeMismatchError(registryName, registry.type, sourceCollection.type);
    const existing = refs.versionByDigest(registry.id, source.digest);
    if (existing) {
      for (const a of aliases) moveAliasInTransaction(refs, registry, a, existing.number, who);
      return { created: false, registry, row: existing };
    }
    const link: LinkObject = {
      format: 1,
      registry: registryName,
      source: formatCollectionName(sourceCollection),
      version: source.digest,
      actor: input.actor,
      created: now,
    };
    const bytes = encodeObject('link', link);
    const linkDigest = hashBytes(bytes);
    store.objects.putSync(linkDigest, bytes);
    // Unlinked versions keep their numbers: vN is never given twice.
    const number = new RegistryTables(refs).nextVersionNumber(registry.id);
    const row = {
      collection_id: registry.id,
      number,
      digest: source.digest,
      tree: source.tree,
      size: source.size,
      file_count: source.file_count,
      link_digest: linkDigest,
      source_collection_id: sourceCollection.id,
      source_number: source.number,
      actor: input.actor,
      created_at: now,
    };
    appendVersionInTransaction(refs, registry, row, aliases, who);
    return { created: true, registry, row };
  });
  return { created: result.created, version: await describeVersion(store, result.registry, result.row) };
}
