import { join } from 'node:path';
import { ArcaError, InvalidArgumentError, objectsOfFile, parseCollectionName, type VersionInfo } from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import { pathSegment } from '../http/pathSegment.js';
import { collectionPath } from '../log/collectionPath.js';
import { ProgressThrottle } from '../progress/ProgressThrottle.js';
import type { ProgressCallback } from '../types.js';
import { askMissing } from '../upload/askMissing.js';
import type { ObjectSource } from '../upload/ObjectSource.js';
import { LocalStaging } from '../upload/LocalStaging.js';
import { uploadObjects } from '../upload/uploadObjects.js';
import { withDirLock } from './DirLock.js';
import type { AliasAttemptRecord, OfflineAliasRecord, OfflineVersionRecord, SyncedRecord } from './OfflineRecord.js';
import type { OfflineStore } from './OfflineStore.js';

export interface SyncOptions {
  /** Ask what is missing and report what would be sent and created, but send and create nothing. */
  dryRun?: boolean;
  onProgress?: ProgressCallback;
  reason?: string;
  /** Offline versions to give up on first (OfflineStore.drop), e.g. ones the server refused. */
  drop?: { collection: string; number: number }[];
}

/** Errors that stop a whole sync (nothing else would get through either); any other refusal is the record's own. */
const STOPS_SYNC = new Set(['Unreachable', 'Unauthenticated', 'Internal']);

/** One offline version (or alias change) and what the server made of it. */
export interface SyncedVersion {
  collection: string;
  /** `vN` in the offline store. */
  offlineVersion: string;
  offlineDigest: string;
  /**
   * `created`, `already-synced` (synced before), `same-content` (the server
   * already had it), `aliases` (an alias change), `pending` (dry run),
   * `failed` (the server refused it: `error`), `blocked` (left for later: an
   * earlier record of its collection failed), `dropped` (given up on now).
   */
  outcome: 'created' | 'already-synced' | 'same-content' | 'aliases' | 'pending' | 'failed' | 'blocked' | 'dropped';
  /** The server's `vN` and digest; null in a dry run. */
  version: string | null;
  digest: string | null;
  aliases: string[];
  /**
   * Aliases of an alias change left where they are: each had moved on the server
   * since this change was first sent (by a later move, or by this change itself
   * when the answer to that first attempt was lost). See syncAliases.
   */
  aliasesLeft?: string[];
  /** Why the server refused it (outcome `failed`). */
  error?: { code: string; message: string; data: Record<string, unknown> };
}

export interface SyncResult {
  dryRun: boolean;
  /** Journal entries handled by this run, in the order they were logged offline. */
  versions: SyncedVersion[];
  /** Versions synced by earlier runs, skipped. */
  alreadySynced: number;
  objectsMissing: number;
  bytesMissing: number;
  objectsUploaded: number;
  bytesUploaded: number;
  /** Offline numbers the server numbered differently: `e/p/n: v0 -> v3`. */
  renumbered: { collection: string; offline: string; server: string }[];
  /** Records the server refused; they stay pending (fix and sync again, or drop them). */
  failed: number;
}

/**
 * Pushes an offline store to the server (decision 012): one missing question
 * for every object of every pending version, the missing ones uploaded in
 * batches (content first, then trees and version objects), then each version
 * in the order it was logged. Progress is recorded per version, and the server
 * is idempotent by offline digest, so a sync killed at any point resumes by
 * running again, and nothing is ever created twice.
 *
 * A record the server refuses (a type its collection does not hold, a role the
 * user lacks) does not stop the others: it is reported as `failed`, the later
 * records of its collection wait (`blocked`, their order matters), and the
 * rest sync. What failed stays pending until it syncs or is dropped.
 */
export async function syncOffline(http: HttpClient, concurrency: number, store: OfflineStore, opts: SyncOptions = {}, localWrites = false): Promise<SyncResult> {
  if (opts.dryRun && opts.drop !== undefined && opts.drop.length > 0) throw new InvalidArgumentError('drop', 'dropping changes the offline store; not in a dry run');
  return withDirLock(join(store.dir, 'sync.lock'), async () => {
    const droppedNow = (opts.drop ?? []).flatMap((d) => store.drop(d.collection, d.number) ?? []);
    const { records, synced, dropped } = store.records();
    // A dropped version's alias changes go with it, whenever they were logged.
    const droppedVersions = new Set(dropped.map((d) => `${d.collection}\0${d.offlineDigest}`));
    const done = new Set(synced.map((s) => s.seq));
    const pending = records.filter((r) => !done.has(r.seq) && !droppedVersions.has(`${r.collection}\0${r.digest}`));
    const alreadySynced = records.filter((r) => r.op === 'version' && done.has(r.seq)).length;

    const content = new Map<string, ObjectSource>();
    const structure = new Map<string, ObjectSource>();
    for (const r of pending) {
      if (r.op !== 'version') continue;
      const tree = store.tree(r.tree);
      for (const e of tree.entries) {
        if (e.kind === 'reference') continue;
        for (const { digest: d } of objectsOfFile(e)) if (!content.has(d)) content.set(d, store.objects.source(d));
      }
      structure.set(r.tree, store.objects.source(r.tree));
      structure.set(r.digest, store.objects.source(r.digest));
    }
    const all = [...content.keys(), ...[...structure.keys()].filter((d) => !content.has(d))];
    const missing = all.length > 0 ? new Set(await askMissing(http, all)) : new Set<string>();
    let bytesMissing = 0;
    for (const d of missing) bytesMissing += (content.get(d) ?? structure.get(d))!.size;
    const result: SyncResult = { dryRun: opts.dryRun ?? false, versions: [], alreadySynced, objectsMissing: missing.size, bytesMissing, objectsUploaded: 0, bytesUploaded: 0, renumbered: [], failed: 0 };
    result.versions.push(
      ...droppedNow.map((d) => ({ collection: d.collection, offlineVersion: `v${d.offlineNumber}`, offlineDigest: d.offlineDigest, outcome: 'dropped' as const, version: null, digest: null, aliases: [] })),
    );
    if (opts.dryRun) {
      result.versions = pending.map((r) => ({ collection: r.collection, offlineVersion: `v${r.number}`, offlineDigest: r.digest, outcome: 'pending', version: null, digest: null, aliases: r.aliases }));
      return result;
    }

    const progress = new ProgressThrottle(opts.onProgress, 'upload', 0, 0);
    // Through the staging folder of a server on this machine, as a log does (decision 024).
    const staging = localWrites ? new LocalStaging(http) : null;
    const up1 = await uploadObjects(http, [...content.values()].filter((s) => missing.has(s.digest)), concurrency, progress, staging);
    // Trees and version objects after everything they name.
    const up2 = await uploadObjects(http, [...structure.values()].filter((s) => missing.has(s.digest) && !content.has(s.digest)), concurrency, progress, staging);
    progress.finish();
    result.objectsUploaded = up1.objectsUploaded + up2.objectsUploaded;
    result.bytesUploaded = up1.bytesUploaded + up2.bytesUploaded;

    // Where each offline version went, this run or an earlier one (alias changes need it).
    const serverOf = new Map<string, { version: string; digest: string }>(synced.filter((s) => s.outcome !== 'aliases').map((s) => [`${s.collection}\0${s.offlineDigest}`, { version: s.version, digest: s.digest }]));
    const failedCollections = new Set<string>();
    const aliasAttempts = new Map(store.aliasAttempts().map((a) => [attemptKey(a.seq, a.alias), a]));
    for (const r of pending) {
      const offline = { collection: r.collection, offlineVersion: `v${r.number}`, offlineDigest: r.digest, version: null, digest: null, aliases: r.aliases };
      if (failedCollections.has(r.collection)) {
        result.versions.push({ ...offline, outcome: 'blocked' });
        continue;
      }
      let entry: SyncedRecord;
      let aliasesLeft: string[] = [];
      try {
        if (r.op === 'version') entry = await syncVersion(http, r, opts.reason);
        else ({ entry, aliasesLeft } = await syncAliases(http, store, aliasAttempts, r, serverOf, opts.reason));
      } catch (err) {
        if (!(err instanceof ArcaError) || STOPS_SYNC.has(err.code)) throw err;
        failedCollections.add(r.collection);
        result.failed++;
        result.versions.push({ ...offline, outcome: 'failed', error: err.toJSON() });
        continue;
      }
      serverOf.set(`${r.collection}\0${r.digest}`, { version: entry.version, digest: entry.digest });
      store.markSynced(entry);
      result.versions.push({
        collection: r.collection,
        offlineVersion: `v${r.number}`,
        offlineDigest: r.digest,
        outcome: entry.outcome,
        version: entry.version,
        digest: entry.digest,
        aliases: r.aliases,
        ...(aliasesLeft.length > 0 ? { aliasesLeft } : {}),
      });
      if (r.op === 'version' && entry.version !== `v${r.number}`) result.renumbered.push({ collection: r.collection, offline: `v${r.number}`, server: entry.version });
    }
    return result;
  });
}

async function syncVersion(http: HttpClient, r: OfflineVersionRecord, reason: string | undefined): Promise<SyncedRecord> {
  const res = await http.json<{ outcome: SyncedRecord['outcome']; version: VersionInfo }>('POST', `${collectionPath(parseCollectionName(r.collection))}/offline-versions`, {
    json: {
      version: r.digest,
      offlineNumber: r.number,
      offlineActor: r.actor,
      ...(r.aliases.length > 0 ? { aliases: r.aliases } : {}),
      ...(reason !== undefined ? { reason } : {}),
    },
  });
  return { seq: r.seq, collection: r.collection, offlineNumber: r.number, offlineDigest: r.digest, outcome: res.outcome, version: res.version.version, digest: res.version.digest };
}

/**
 * Moves the aliases of an offline alias change to the version its offline
 * version became. Each move is a compare-and-swap against where the alias
 * pointed when this record's sync first reached for it, recorded locally before
 * the move is sent (`alias-attempts.jsonl`). So a retry after a lost answer does
 * not move the alias a second time over a move made online since: the server
 * answers AliasConflict, which here means the alias has moved on since this
 * change was first sent, by this change or a later one. It is left there, and
 * reported in `aliasesLeft`. An alias moved online before the sync reached it is
 * moved: the offline change is the later one.
 */
async function syncAliases(
  http: HttpClient,
  store: OfflineStore,
  /** `alias-attempts.jsonl` by `seq` and alias, read once per sync; kept current here. */
  attempts: Map<string, AliasAttemptRecord>,
  r: OfflineAliasRecord,
  serverOf: Map<string, { version: string; digest: string }>,
  reason: string | undefined,
): Promise<{ entry: SyncedRecord; aliasesLeft: string[] }> {
  const target = serverOf.get(`${r.collection}\0${r.digest}`);
  // The journal is in order, so the version record came (and was synced) first.
  if (!target) throw new Error(`internal: offline ${r.collection}:v${r.number} has no server version yet`);
  const path = collectionPath(parseCollectionName(r.collection));
  const aliasesLeft: string[] = [];
  for (const alias of r.aliases) {
    const key = attemptKey(r.seq, alias);
    const earlier = attempts.get(key);
    const before = earlier ? earlier.before : await aliasDigest(http, `${r.collection}:${alias}`);
    if (!earlier) {
      const attempt = { seq: r.seq, alias, before };
      store.markAliasAttempt(attempt);
      attempts.set(key, attempt);
    }
    try {
      await http.json('PUT', `${path}/aliases/${encodeURIComponent(alias)}`, {
        json: { version: target.version, expect: before, reason: reason ?? `synced from offline v${r.number}` },
      });
    } catch (err) {
      if (!(err instanceof ArcaError) || err.code !== 'AliasConflict') throw err;
      aliasesLeft.push(alias);
    }
  }
  const entry: SyncedRecord = { seq: r.seq, collection: r.collection, offlineNumber: r.number, offlineDigest: r.digest, outcome: 'aliases', version: target.version, digest: target.digest };
  return { entry, aliasesLeft };
}

function attemptKey(seq: number, alias: string): string {
  return `${seq}\0${alias}`;
}

/** The digest `ref` (`collection:alias`) resolves to on the server, or null when the alias does not exist. */
async function aliasDigest(http: HttpClient, ref: string): Promise<string | null> {
  try {
    return (await http.json<{ version: VersionInfo }>('GET', `/resolve?ref=${pathSegment(ref)}`)).version.digest;
  } catch (err) {
    if (err instanceof ArcaError && err.code === 'NotFound') return null;
    throw err;
  }
}
