import type { Actor } from '../commands/Actor.js';
import { AlreadyExistsError } from '../errors/AlreadyExistsError.js';
import { canonicalJson } from '../objects/canonicalJson.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import { checkModelName } from './checkModelName.js';
import { DEFAULT_PROTECTED_ALIASES } from './DEFAULT_PROTECTED_ALIASES.js';
import { describeRegisteredModel } from './describeRegisteredModel.js';
import { logChange } from './logChange.js';
import type { RegisteredModelInfo } from './RegisteredModelInfo.js';
import { validateModelFields } from './validateModelFields.js';
import { createCollection } from '../commands/createCollection.js';

export interface CreateModelInput extends Actor {
  model: CollectionName;
  /** The artifact type its versions must have; `model` by default. */
  type?: string;
  /** The model card, Markdown. */
  description?: string;
  metadata?: Record<string, unknown>;
  tags?: string[];
  protectedAliases?: string[];
}

/**
 * Creates an empty registered model with its card, metadata and tags (a first
 * link creates one implicitly, with none of these). Refuses a name in use
 * with AlreadyExists.
 */
export function createRegisteredModel(store: Store, input: CreateModelInput): RegisteredModelInfo {
  checkModelName(input.model);
  validateModelFields(input);
  const type = input.type ?? 'model';
  const tags = [...new Set(input.tags ?? [])].sort();
  const refs = store.refs;
  return refs.transaction(() => {
    if (refs.findCollection(input.model)) throw new AlreadyExistsError('model', formatCollectionName(input.model));
    const now = new Date().toISOString();
    const c = createCollection(refs, input.model, type, 'registry', now);
    const tables = new RegistryTables(refs);
    tables.putModel({
      collection_id: c.id,
      description: input.description ?? '',
      metadata: canonicalJson(input.metadata ?? {}, 'metadata'),
      protected_aliases: JSON.stringify([...new Set(input.protectedAliases ?? DEFAULT_PROTECTED_ALIASES)].sort()),
      updated_at: now,
    });
    for (const t of tags) tables.addCollectionTag(c.id, t);
    logChange(
      refs,
      { collection_id: c.id, ref: 'model', old_number: null, old_digest: null, new_number: null, new_digest: null, actor: input.actor, reason: input.reason ?? '', time: now },
      'created',
      { type, tags },
    );
    return describeRegisteredModel(refs, c);
  });
}
