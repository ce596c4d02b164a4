import type { Actor } from '../commands/Actor.js';
import { hashBytes } from '../digest/hashBytes.js';
import { canonicalJson } from '../objects/canonicalJson.js';
import type { CollectionName } from '../names/parseCollectionName.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import { describeRegisteredModel } from './describeRegisteredModel.js';
import { findRegisteredModel } from './findRegisteredModel.js';
import { logChange } from './logChange.js';
import { protectedAliasesOf } from './protectedAliasesOf.js';
import type { RefLogKind } from './RefLogKind.js';
import type { RegisteredModelInfo } from './RegisteredModelInfo.js';
import { validateModelFields } from './validateModelFields.js';

export interface UpdateModelInput extends Actor {
  model: CollectionName;
  /** The new model card (Markdown); absent leaves it. */
  description?: string;
  /** Replaces the metadata object; absent leaves it. */
  metadata?: Record<string, unknown>;
  protectedAliases?: string[];
}

/** What an edit really changed: the model after it and the fields whose value differs. */
export interface UpdatedModel {
  model: RegisteredModelInfo;
  /** In this order, those that changed: `card`, `metadata`, `protected-aliases`. Empty: nothing was written. */
  changed: ('card' | 'metadata' | 'protected-aliases')[];
}

/**
 * Edits the card, metadata or protected aliases of a registered model. Each
 * field that really changes is one ref-log row (`card`, `metadata`,
 * `protected-aliases`) carrying the digests of the old and new value, so the
 * history says what changed without holding every card ever written.
 */
export function updateRegisteredModel(store: Store, input: UpdateModelInput): UpdatedModel {
  validateModelFields(input);
  const refs = store.refs;
  return refs.transaction(() => {
    const c = findRegisteredModel(refs, input.model);
    const tables = new RegistryTables(refs);
    const now = new Date().toISOString();
    const old = tables.model(c.id);
    const before = {
      description: old?.description ?? '',
      metadata: old?.metadata ?? '{}',
      protected: JSON.stringify(protectedAliasesOf(refs, c)),
    };
    const after = {
      description: input.description ?? before.description,
      metadata: input.metadata !== undefined ? canonicalJson(input.metadata, 'metadata') : before.metadata,
      protected: input.protectedAliases !== undefined ? JSON.stringify([...new Set(input.protectedAliases)].sort()) : before.protected,
    };
    const changes: [UpdatedModel['changed'][number], RefLogKind, string, string][] = [
      ['card', 'card-edited', before.description, after.description],
      ['metadata', 'metadata-edited', before.metadata, after.metadata],
      ['protected-aliases', 'protected-aliases-edited', before.protected, after.protected],
    ];
    const changed = changes.filter(([, , a, b]) => a !== b);
    if (changed.length === 0) return { model: describeRegisteredModel(refs, c), changed: [] };
    tables.putModel({ collection_id: c.id, description: after.description, metadata: after.metadata, protected_aliases: after.protected, updated_at: now });
    for (const [ref, kind, a, b] of changed) {
      const data =
        ref === 'protected-aliases'
          ? { old: JSON.parse(a) as string[], new: JSON.parse(b) as string[] }
          : { old: hashBytes(Buffer.from(a)), new: hashBytes(Buffer.from(b)), bytes: Buffer.byteLength(b) };
      logChange(
        refs,
        { collection_id: c.id, ref, old_number: null, old_digest: null, new_number: null, new_digest: null, actor: input.actor, reason: input.reason ?? '', time: now },
        kind,
        data,
      );
    }
    return { model: describeRegisteredModel(refs, c), changed: changed.map(([ref]) => ref) };
  });
}
