import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  InvalidArgumentError,
  NotFoundError,
  TypeMismatchError,
  buildTree,
  canonicalJson,
  checkFolderNames,
  decodeObject,
  encodeObject,
  formatCollectionName,
  hashBytes,
  parseCollectionName,
  parseTree,
  validateAlias,
  validateMetadata,
  type TreeEntry,
  type TreeObject,
  type VersionObject,
} from '@arca/store/pure';
import { collectFiles } from '../scan/collectFiles.js';
import { ScanCache } from '../scan/ScanCache.js';
import { scanFiles } from '../scan/scanFiles.js';
import type { LogArtifactOptions } from '../types.js';
import { readSource } from '../upload/readSource.js';
import { notAppliedFields } from '../log/notAppliedFields.js';
import { withDirLock } from './DirLock.js';
import { JsonlFile } from './JsonlFile.js';
import { LocalObjects } from './LocalObjects.js';
import type { AliasAttemptRecord, DroppedRecord, OfflineAliasRecord, OfflineRecord, OfflineVersionRecord, SyncedRecord } from './OfflineRecord.js';
import { checkLogTarget } from '../log/checkLogTarget.js';

const PLACEHOLDER_DIGEST = 'b3:' + '0'.repeat(64);

export interface OfflineStoreOptions {
  /** Default `$ARCA_OFFLINE_DIR` or `~/.arca/offline`. */
  dir?: string;
  /** Who logs; recorded with each version and sent at sync. Default `$ARCA_ACTOR` or the OS user. */
  actor?: string;
  /** Scan index (shared with the online client); default `$ARCA_CACHE_DIR` or `~/.cache/arca`. */
  cacheDir?: string;
  concurrency?: number;
}

/** A version as the offline store shows it, with where it went on the server once synced. */
export interface OfflineVersionInfo {
  collection: string;
  version: string;
  number: number;
  digest: string;
  tree: string;
  type: string;
  size: number;
  fileCount: number;
  aliases: string[];
  metadata: Record<string, unknown>;
  description: string;
  actor: string;
  createdAt: string;
  /** The server's version, once synced; null while pending. */
  synced: { version: string; digest: string } | null;
  /** Given up on with `arca sync --drop`: never synced. */
  dropped: boolean;
}

export interface OfflineLogResult {
  created: boolean;
  version: OfflineVersionInfo;
  bytesTotal: number;
  /** Bytes of objects new to the offline store. */
  bytesStored: number;
  files: TreeEntry[];
  /** As LogArtifactResult's: given but not applied to the existing version of equal content. */
  notApplied?: ('metadata' | 'description')[];
}

function defaultActor(): string {
  if (process.env.ARCA_ACTOR) return process.env.ARCA_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'anonymous';
  }
}

/**
 * The SDK's offline mode (decision 012): logs into a local directory instead of
 * a server, in the server's own formats: content-addressed objects (chunks,
 * tree and version object, encoded by the store's pure code) and a journal of
 * versions in the order they were logged. `ArcaClient.sync(store)` later pushes
 * them. Layout: `objects/ab/cdef…`, `versions.jsonl`, `synced.jsonl`, `dropped.jsonl`,
 * `alias-attempts.jsonl`, `lock`.
 */
export class OfflineStore {
  readonly dir: string;
  readonly actor: string;
  readonly objects: LocalObjects;
  private readonly journal: JsonlFile<OfflineRecord>;
  private readonly syncedFile: JsonlFile<SyncedRecord>;
  private readonly droppedFile: JsonlFile<DroppedRecord>;
  private readonly aliasAttemptsFile: JsonlFile<AliasAttemptRecord>;
  private readonly scanCache: ScanCache;
  private readonly concurrency: number;

  constructor(opts: OfflineStoreOptions = {}) {
    this.dir = opts.dir ?? process.env.ARCA_OFFLINE_DIR ?? join(homedir(), '.arca', 'offline');
    this.actor = opts.actor ?? defaultActor();
    mkdirSync(this.dir, { recursive: true });
    this.objects = new LocalObjects(this.dir);
    this.journal = new JsonlFile(join(this.dir, 'versions.jsonl'));
    this.syncedFile = new JsonlFile(join(this.dir, 'synced.jsonl'));
    this.droppedFile = new JsonlFile(join(this.dir, 'dropped.jsonl'));
    this.aliasAttemptsFile = new JsonlFile(join(this.dir, 'alias-attempts.jsonl'));
    this.scanCache = new ScanCache(opts.cacheDir ?? process.env.ARCA_CACHE_DIR ?? join(homedir(), '.cache', 'arca'));
    this.concurrency = Math.max(1, opts.concurrency ?? 16);
  }

  /**
   * Logs files and folders as the next offline version of `name`, with the
   * same checks and the same dedup as an online log: content equal to an
   * offline version of the collection makes no new one (the aliases go to it).
   */
  async logArtifact(opts: LogArtifactOptions): Promise<OfflineLogResult> {
    const collection = parseCollectionName(opts.name);
    checkLogTarget(collection);
    const name = formatCollectionName(collection);
    const metadata = opts.metadata ?? {};
    const description = opts.description ?? '';
    validateMetadata({ type: opts.type, metadata, description });
    const aliases = [...new Set((opts.aliases ?? []).filter((a) => a !== 'latest'))];
    aliases.forEach(validateAlias);
    canonicalJson(metadata);
    if (!Array.isArray(opts.paths)) throw new InvalidArgumentError('paths', 'a list of files and folders');
    if (opts.references !== undefined && opts.references.length > 0) throw new InvalidArgumentError('references', 'an offline log records files only; log references online');
    const local = await collectFiles(opts.paths);
    if (local.length === 0) throw new InvalidArgumentError('paths', 'nothing to log: no files under the paths given');
    buildTree(local.map((f) => ({ path: f.path, size: 0, digest: PLACEHOLDER_DIGEST })));
    checkFolderNames(local);

    let bytesStored = 0;
    const { files } = await scanFiles(local, this.scanCache, this.concurrency, opts.onProgress, (chunk, bytes) => {
      if (this.objects.put(chunk.digest, bytes)) bytesStored += bytes.length;
    });
    // Files from the scan cache were not read: store whatever of them this store lacks.
    for (const f of files) {
      let offset = 0;
      for (const c of f.scan.chunks) {
        if (!this.objects.has(c.digest)) {
          const bytes = await readSource({ digest: c.digest, size: c.size, file: { abs: f.abs, identity: f.identity, offset } });
          if (this.objects.put(c.digest, bytes)) bytesStored += bytes.length;
        }
        offset += c.size;
      }
    }
    const built = buildTree(
      files.map((f) =>
        f.scan.chunks.length > 1
          ? { path: f.path, size: f.scan.size, digest: f.scan.digest, chunks: f.scan.chunks }
          : { path: f.path, size: f.scan.size, digest: f.scan.digest },
      ),
    );
    if (this.objects.put(built.digest, built.bytes)) bytesStored += built.bytes.length;
    let bytesTotal = 0;
    for (const f of files) bytesTotal += f.scan.size;

    const record = await withDirLock(join(this.dir, 'lock'), () => {
      const records = this.journal.read();
      const seq = records.length;
      const all = records.filter((r): r is OfflineVersionRecord => r.op === 'version' && r.collection === name);
      // A dropped version will never reach the server: it neither fixes the collection's type
      // nor holds content a new log could point at. Its number stays taken.
      const dropped = new Set(this.droppedFile.read().map((d) => d.seq));
      const mine = all.filter((r) => !dropped.has(r.seq));
      const last = mine[mine.length - 1];
      const lastNumber = all[all.length - 1]?.number;
      if (last && last.type !== opts.type) throw new TypeMismatchError(name, last.type, opts.type);
      const same = mine.find((r) => r.tree === built.digest);
      if (same) {
        if (aliases.length > 0) {
          const rec: OfflineAliasRecord = { op: 'aliases', seq, collection: name, number: same.number, digest: same.digest, aliases, actor: this.actor, time: new Date().toISOString() };
          this.journal.append(rec);
        }
        return { created: false, rec: same };
      }
      const created = new Date().toISOString();
      const obj: VersionObject = { format: 1, collection: name, type: opts.type, tree: built.digest, parent: last?.digest ?? null, metadata, description, producer: null, created };
      const bytes = encodeObject('version', obj);
      const digest = hashBytes(bytes);
      if (this.objects.put(digest, bytes)) bytesStored += bytes.length;
      const rec: OfflineVersionRecord = {
        op: 'version',
        seq,
        collection: name,
        number: lastNumber === undefined ? 0 : lastNumber + 1,
        digest,
        tree: built.digest,
        type: opts.type,
        size: bytesTotal,
        fileCount: built.tree.entries.length,
        aliases,
        actor: this.actor,
        created,
      };
      this.journal.append(rec);
      return { created: true, rec };
    });
    const version = this.versions().find((v) => v.digest === record.rec.digest && v.collection === name)!;
    const notApplied = record.created ? [] : notAppliedFields(opts, version);
    return { created: record.created, version, bytesTotal, bytesStored, files: built.tree.entries, ...(notApplied.length > 0 ? { notApplied } : {}) };
  }

  /** Every offline version, in the order logged, with its aliases (as this store last gave them) and sync state. */
  versions(): OfflineVersionInfo[] {
    const records = this.journal.read();
    const synced = new Map(this.syncedFile.read().map((s) => [s.seq, s]));
    const dropped = new Set(this.droppedFile.read().map((d) => d.seq));
    const out: OfflineVersionInfo[] = [];
    const byKey = new Map<string, OfflineVersionInfo>();
    const holder = new Map<string, OfflineVersionInfo>();
    for (const r of records) {
      const key = `${r.collection}\0${r.digest}`;
      if (r.op === 'version') {
        const obj = this.versionObject(r.digest);
        const s = synced.get(r.seq);
        const info: OfflineVersionInfo = {
          collection: r.collection,
          version: `v${r.number}`,
          number: r.number,
          digest: r.digest,
          tree: r.tree,
          type: r.type,
          size: r.size,
          fileCount: r.fileCount,
          aliases: [],
          metadata: obj.metadata,
          description: obj.description,
          actor: r.actor,
          createdAt: r.created,
          synced: s ? { version: s.version, digest: s.digest } : null,
          dropped: dropped.has(r.seq),
        };
        out.push(info);
        byKey.set(key, info);
      }
      // An alias (latest included) points at one version of a collection: the last one given it.
      for (const a of ['latest', ...r.aliases]) {
        if (a === 'latest' && r.op !== 'version') continue;
        const k = `${r.collection}\0${a}`;
        const prev = holder.get(k);
        if (prev) prev.aliases = prev.aliases.filter((x) => x !== a);
        const target = byKey.get(key)!;
        target.aliases.push(a);
        holder.set(k, target);
      }
    }
    for (const v of out) v.aliases.sort();
    return out;
  }

  /** @internal the journal and sync records, for sync */
  records(): { records: OfflineRecord[]; synced: SyncedRecord[]; dropped: DroppedRecord[] } {
    return { records: this.journal.read(), synced: this.syncedFile.read(), dropped: this.droppedFile.read() };
  }

  /**
   * Gives up on an offline version that was not synced (the server refuses it,
   * say, for a type its collection does not hold): sync skips it and every
   * alias change logged for it. Its files stay in this store. Returns the
   * record written, or null when it was dropped before.
   */
  drop(collection: string, number: number): DroppedRecord | null {
    const name = formatCollectionName(parseCollectionName(collection));
    const { records, synced, dropped } = this.records();
    const version = records.find((r): r is OfflineVersionRecord => r.op === 'version' && r.collection === name && r.number === number);
    if (!version) throw new NotFoundError('offline version', `${name}:v${number}`);
    if (synced.some((s) => s.seq === version.seq)) throw new InvalidArgumentError('drop', `${name}:v${number} was synced already`);
    if (dropped.some((d) => d.seq === version.seq)) return null;
    const rec = { seq: version.seq, collection: name, offlineNumber: number, offlineDigest: version.digest, time: new Date().toISOString() };
    this.droppedFile.append(rec);
    return rec;
  }

  /** @internal records that journal entry `seq` reached the server */
  markSynced(rec: SyncedRecord): void {
    this.syncedFile.append(rec);
  }

  /** @internal the alias moves sync has started */
  aliasAttempts(): AliasAttemptRecord[] {
    return this.aliasAttemptsFile.read();
  }

  /** @internal records where an alias pointed before sync moves it (durable before the move is sent) */
  markAliasAttempt(rec: AliasAttemptRecord): void {
    this.aliasAttemptsFile.append(rec);
  }

  /** @internal the parsed tree of a version, from this store's objects */
  tree(digest: string): TreeObject {
    return parseTree(this.objects.get(digest), digest);
  }

  private versionObject(digest: string): VersionObject {
    return decodeObject(this.objects.get(digest), digest).value as VersionObject;
  }
}
