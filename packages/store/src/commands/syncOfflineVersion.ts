import { hashBytes } from '../digest/hashBytes.js';
import { isDigest } from '../digest/isDigest.js';
import { ArcaError } from '../errors/ArcaError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { MissingObjectsError } from '../errors/MissingObjectsError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { TypeMismatchError } from '../errors/TypeMismatchError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import { REGISTRY_PROJECT, type CollectionName } from '../names/parseCollectionName.js';
import { validateAlias } from '../names/validateAlias.js';
import { validateName } from '../names/validateName.js';
import { decodeObject } from '../objects/decodeObject.js';
import { encodeObject } from '../objects/encodeObject.js';
import type { VersionObject } from '../objects/VersionObject.js';
import { findOfflineVersion, insertOfflineVersion } from '../refdb/OfflineVersionRow.js';
import { RegistryTables } from '../refdb/RegistryTables.js';
import type { Store } from '../Store.js';
import type { Actor } from './Actor.js';
import { appendVersionInTransaction } from './appendVersionInTransaction.js';
import { checkTreeComplete } from './checkTreeComplete.js';
import { describeVersion } from './describeVersion.js';
import { moveAliasInTransaction } from './moveAliasInTransaction.js';
import { validateMetadata } from './validateMetadata.js';
import type { VersionInfo } from './VersionInfo.js';
import { createCollection } from './createCollection.js';

const MAX_ACTOR_BYTES = 256;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export interface SyncOfflineInput extends Actor {
  collection: CollectionName;
  /** Digest of the version object the offline log wrote (uploaded before this call). */
  version: string;
  /** The number the offline store gave it. */
  offlineNumber: number;
  /** Who logged it offline (the caller, `actor`, is who syncs it). */
  offlineActor: string;
  aliases?: string[];
}

export interface SyncOfflineResult {
  /** `created`: a new version; `already-synced`: this offline version was synced before; `same-content`: the collection already had a version with this tree. */
  outcome: 'created' | 'already-synced' | 'same-content';
  created: boolean;
  version: VersionInfo;
  offline: { digest: string; number: number; actor: string; createdAt: string };
}

function fail(argument: string, reason: string): never {
  throw new InvalidArgumentError(argument, reason);
}

/** The offline version object, checked field by field: it comes from a client. */
async function readOfflineVersion(store: Store, digest: string, name: string): Promise<VersionObject> {
  let bytes: Buffer;
  try {
    bytes = await store.objects.get(digest);
  } catch (err) {
    if (err instanceof NotFoundError) throw new MissingObjectsError([digest]);
    throw err;
  }
  let decoded;
  try {
    decoded = decodeObject(bytes, digest);
  } catch (err) {
    if (err instanceof ArcaError) fail('version', `${digest} is not an Arca object`);
    throw err;
  }
  if (decoded.type !== 'version') fail('version', `${digest} is a ${decoded.type}, not a version`);
  const v = decoded.value as Partial<VersionObject> | null;
  if (v === null || typeof v !== 'object' || v.format !== 1) fail('version', 'not a format 1 version object');
  if (v.collection !== name) fail('version', `the version object belongs to ${JSON.stringify(v.collection)}, not ${name}`);
  validateMetadata({ type: v.type, metadata: v.metadata, description: v.description });
  if (!isDigest(v.tree)) fail('version', 'its tree is not a b3 digest');
  if (v.parent !== null && !isDigest(v.parent)) fail('version', 'its parent is not a b3 digest or null');
  if (v.producer !== null) fail('version', 'an offline version has no producer run');
  if (typeof v.created !== 'string' || !ISO_TIME.test(v.created) || Number.isNaN(Date.parse(v.created))) {
    fail('version', 'its created time is not an ISO 8601 UTC time');
  }
  return v as VersionObject;
}

/**
 * Records a version logged offline (decision 012). Its content and version
 * object must be uploaded already. It becomes the collection's next version,
 * keeping the offline log's created time; when the server's newest version is
 * the one the offline log built on, the offline version object is used as it
 * is (same digest), otherwise a version object with the server's parent is
 * written. Idempotent by the offline version's digest: a repeated sync finds
 * the first one's version and changes nothing; content equal to an existing
 * version makes no new one (its aliases move there, as a log's would).
 */
export async function syncOfflineVersion(store: Store, input: SyncOfflineInput): Promise<SyncOfflineResult> {
  const c = input.collection;
  validateName('entity', c.entity);
  validateName('project', c.project);
  validateName('name', c.name);
  if (c.project === REGISTRY_PROJECT) fail('collection', `${REGISTRY_PROJECT} only holds links`);
  if (!isDigest(input.version)) fail('version', 'not a b3 digest');
  if (!Number.isSafeInteger(input.offlineNumber) || input.offlineNumber < 0) fail('offlineNumber', 'a version number (0 or more)');
  if (typeof input.offlineActor !== 'string' || input.offlineActor.length === 0 || Buffer.byteLength(input.offlineActor) > MAX_ACTOR_BYTES) {
    fail('offlineActor', `a non-empty name of at most ${MAX_ACTOR_BYTES} bytes`);
  }
  const aliases = [...new Set((input.aliases ?? []).filter((a) => a !== 'latest'))];
  aliases.forEach(validateAlias);
  const name = formatCollectionName(c);
  const obj = await readOfflineVersion(store, input.version, name);
  const { tree, size, needed } = await checkTreeComplete(store.objects, obj.tree);
  // Reused as it is only if its bytes are canonical, as every server-written object is.
  const canonical = hashBytes(encodeObject('version', obj)) === input.version;

  const refs = store.refs;
  const offline = { digest: input.version, number: input.offlineNumber, actor: input.offlineActor, createdAt: obj.created };
  const result = refs.transaction(() => {
    const now = new Date().toISOString();
    const who = { actor: input.actor, reason: input.reason || `synced from offline v${input.offlineNumber}`, time: now };
    const collection = refs.findCollection(c) ?? createCollection(refs, c, obj.type, 'artifact', now);
    if (collection.kind !== 'artifact') fail('collection', `${name} is a registry collection`);
    const mapping = { collection_id: collection.id, offline_digest: input.version, offline_number: input.offlineNumber, offline_actor: input.offlineActor, offline_created: obj.created, synced_by: input.actor, synced_at: now };
    const synced = findOfflineVersion(refs, collection.id, input.version);
    if (synced) {
      // The version it became may have been deleted since (a tombstone, decision 015). It was
      // synced all the same and must not come back; before, describing the missing row was a
      // 500 that stopped every later sync of the store (a sync killed between the server's
      // commit and its local record, then a delete, then the retry).
      const row = refs.version(collection.id, synced.number) ?? new RegistryTables(refs).deletedVersion(collection.id, synced.number)!;
      return { outcome: 'already-synced' as const, collection, row };
    }
    if (collection.type !== obj.type) throw new TypeMismatchError(name, collection.type, obj.type);
    const existing = refs.versionByTree(collection.id, obj.tree);
    if (existing) {
      for (const a of aliases) moveAliasInTransaction(refs, collection, a, existing.number, who);
      insertOfflineVersion(refs, { ...mapping, number: existing.number });
      return { outcome: 'same-content' as const, collection, row: existing };
    }
    // Again under the write lock, which garbage collection's removals also take
    // (as in commitVersion): a version must never name an object removed meanwhile.
    const gone = store.objects.missing([...needed, input.version]);
    if (gone.length > 0) throw new MissingObjectsError(gone);
    const parent = refs.latestVersion(collection.id);
    const parentDigest = parent?.digest ?? null;
    let digest = input.version;
    if (!canonical || obj.parent !== parentDigest) {
      const bytes = encodeObject('version', { ...obj, parent: parentDigest });
      digest = hashBytes(bytes);
      store.objects.putSync(digest, bytes);
    }
    const row = {
      collection_id: collection.id,
      // Deleted versions keep their numbers (decision 015): never give one twice.
      number: new RegistryTables(refs).nextVersionNumber(collection.id),
      digest,
      tree: obj.tree,
      size,
      file_count: tree.entries.length,
      link_digest: null,
      source_collection_id: null,
      source_number: null,
      actor: input.actor,
      created_at: obj.created,
    };
    appendVersionInTransaction(refs, collection, row, aliases, who);
    insertOfflineVersion(refs, { ...mapping, number: row.number });
    return { outcome: 'created' as const, collection, row };
  });
  return {
    outcome: result.outcome,
    created: result.outcome === 'created',
    version: await describeVersion(store, result.collection, result.row),
    offline,
  };
}
