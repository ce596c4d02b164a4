import { hashBytes } from '../digest/hashBytes.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { MissingObjectsError } from '../errors/MissingObjectsError.js';
import { TypeMismatchError } from '../errors/TypeMismatchError.js';
import { isDigest } from '../digest/isDigest.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import { REGISTRY_PROJECT, type CollectionName } from '../names/parseCollectionName.js';
import { validateAlias } from '../names/validateAlias.js';
import { validateName } from '../names/validateName.js';
import { encodeObject } from '../objects/encodeObject.js';
import type { VersionObject } from '../objects/VersionObject.js';
import { formatRunPath } from '../runs/formatRunPath.js';
import { parseRunPath } from '../runs/parseRunPath.js';
import { requireRunningRun } from '../runs/requireRunningRun.js';
import { RunDb } from '../runs/RunDb.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import type { Actor } from './Actor.js';
import { checkTreeComplete } from './checkTreeComplete.js';
import { describeVersion } from './describeVersion.js';
import { appendVersionInTransaction } from './appendVersionInTransaction.js';
import { moveAliasInTransaction } from './moveAliasInTransaction.js';
import { validateMetadata } from './validateMetadata.js';
import { putVersionTtlInTransaction } from '../retention/putVersionTtlInTransaction.js';
import { relogTtlInTransaction } from '../retention/relogTtlInTransaction.js';
import { validateTtl } from '../retention/validateTtl.js';
import type { VersionInfo } from './VersionInfo.js';
import { createCollection } from './createCollection.js';

export interface CommitInput extends Actor {
  collection: CollectionName;
  type: string;
  tree: string;
  metadata?: Record<string, unknown>;
  description?: string;
  aliases?: string[];
  /**
   * The run logging it (`entity/project/id`, running, same entity): the version
   * is recorded as the run's output and, when new, names the run as its producer.
   */
  run?: string;
  /** The version's own TTL in seconds, or null: kept forever (validateTtl); written in the commit's transaction. */
  ttlSeconds?: number | null;
}

/**
 * Records a new version of a collection whose content (tree and every object it
 * names) is already stored. Content equal to an existing version of the
 * collection makes no new version: the aliases move to that version instead.
 * Number, parent, `latest` and aliases are decided under one write lock, so
 * concurrent commits get contiguous numbers and never interleave.
 *
 * With a run, the new version object's `producer` is the run's path (a version
 * logged without one keeps `producer: null`, so its digest is what it always
 * was; decision 010), and the run's outputs gain the version in the same
 * transaction. Equal content logged by a run is recorded as its output but
 * keeps its original producer: a version object never changes.
 */
export async function commitVersion(store: Store, input: CommitInput): Promise<{ created: boolean; version: VersionInfo }> {
  const c = input.collection;
  validateName('entity', c.entity);
  validateName('project', c.project);
  validateName('name', c.name);
  if (c.project === REGISTRY_PROJECT) {
    throw new InvalidArgumentError('collection', `log to a project; ${REGISTRY_PROJECT} only holds links (use link)`);
  }
  const metadata = input.metadata ?? {};
  const description = input.description ?? '';
  validateMetadata({ type: input.type, metadata, description });
  if (!isDigest(input.tree)) throw new InvalidArgumentError('tree', 'not a b3 digest');
  const aliases = [...new Set((input.aliases ?? []).filter((a) => a !== 'latest'))];
  aliases.forEach(validateAlias);
  const runPath = input.run === undefined ? undefined : parseRunPath(input.run);
  const ttl = input.ttlSeconds === undefined ? undefined : validateTtl(input.ttlSeconds, true);
  const { tree, size, needed } = await checkTreeComplete(store.objects, input.tree);

  const refs = store.refs;
  const name = formatCollectionName(c);
  const result = refs.transaction(() => {
    const now = new Date().toISOString();
    const who = { actor: input.actor, reason: input.reason ?? '', time: now };
    // Checked before the collection is created, so a refused run writes nothing.
    const run = runPath && requireRunningRun(refs, runPath, c.entity);
    const collection = refs.findCollection(c) ?? createCollection(refs, c, input.type, 'artifact', now);
    if (collection.type !== input.type) throw new TypeMismatchError(name, collection.type, input.type);
    const existing = refs.versionByTree(collection.id, input.tree);
    if (existing) {
      for (const a of aliases) moveAliasInTransaction(refs, collection, a, existing.number, who);
      if (run) RunDb.of(refs).putOutput(run.seq, collection.id, existing.number, false, now);
      relogTtlInTransaction(refs, existing, ttl, input.actor, now);
      return { created: false, collection, row: existing };
    }
    // Again under the write lock, which garbage collection's removals also take:
    // an object it removed since the check above must not end up named by a version.
    const gone = store.objects.missing(needed);
    if (gone.length > 0) throw new MissingObjectsError(gone);
    const parent = refs.latestVersion(collection.id);
    // Deleted versions keep their numbers: vN is never given twice.
    const number = new RegistryTables(refs).nextVersionNumber(collection.id);
    const obj: VersionObject = {
      format: 1,
      collection: name,
      type: input.type,
      tree: input.tree,
      parent: parent?.digest ?? null,
      metadata,
      description,
      producer: run ? formatRunPath(run) : null,
      created: now,
    };
    const bytes = encodeObject('version', obj);
    const digest = hashBytes(bytes);
    store.objects.putSync(digest, bytes);
    const row = {
      collection_id: collection.id,
      number,
      digest,
      tree: input.tree,
      size,
      file_count: tree.entries.length,
      link_digest: null,
      source_collection_id: null,
      source_number: null,
      actor: input.actor,
      created_at: now,
    };
    appendVersionInTransaction(refs, collection, row, aliases, who);
    if (run) RunDb.of(refs).putOutput(run.seq, collection.id, number, true, now);
    if (ttl !== undefined) putVersionTtlInTransaction(refs, collection.id, number, ttl, input.actor, now);
    return { created: true, collection, row };
  });
  return { created: result.created, version: await describeVersion(store, result.collection, result.row) };
}
