import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CorruptObjectError,
  InvalidArgumentError,
  InvalidPathError,
  REGISTRY_PROJECT,
  buildTree,
  hashBytes,
  parseCollectionName,
  parseRef,
  parseRunPath,
  parseTree,
  validateAlias,
  validateName,
  type CollectionSummary,
  type ArcaEvent,
  type GcReport,
  type RetentionInfo,
  type LineageGraph,
  type DeliveryInfo,
  type EventType,
  type RefLogEntry,
  type WebhookFormat,
  type WebhookInfo,
  type FileEntry,
  type ReferenceEntry,
  type TreeObject,
  type VersionInfo,
} from '@arca/store/pure';
import { AccessClient } from './access/AccessClient.js';
import { FileCache } from './cache/FileCache.js';
import { selectorText } from './refs/selectorText.js';
import { targetOf } from './refs/targetOf.js';
import { diffMetadata } from './diffMetadata.js';
import { diffTrees } from './diffTrees.js';
import { Draft } from './draft/Draft.js';
import { downloadTree, getObject } from './download/downloadTree.js';
import { checkUsedType } from './runs/checkUsedType.js';
import type { EventsOptions } from './events/EventsOptions.js';
import { streamEvents } from './events/streamEvents.js';
import { checkPathPrefixes, selectPaths } from './download/selectPaths.js';
import { DestinationGuard } from './download/DestinationGuard.js';
import { defaultDownloadDir } from './download/defaultDownloadDir.js';
import { fetchReferences, isFetchable } from './reference/fetchReferences.js';
import { resolveReference } from './reference/resolveReference.js';
import { fetchTransport } from './http/fetchTransport.js';
import { HttpClient } from './http/HttpClient.js';
import { isLoopbackUrl } from './http/isLoopbackUrl.js';
import { nodeHttpTransport } from './http/nodeHttpTransport.js';
import { socketTransport } from './http/socketTransport.js';
import { Run, type RunBufferOptions } from './runs/Run.js';
import { RunsApi, type InitRunOptions, type LineageOptions } from './runs/RunsApi.js';
import { RegistryClient } from './registry/RegistryClient.js';
import { collectFiles } from './scan/collectFiles.js';
import { ScanCache } from './scan/ScanCache.js';
import { collectionPath } from './log/collectionPath.js';
import { commitFields } from './log/commitFields.js';
import { logFiles, type LogContext } from './log/logFiles.js';
import { notAppliedFields } from './log/notAppliedFields.js';
import type { OfflineStore } from './offline/OfflineStore.js';
import { syncOffline, type SyncOptions, type SyncResult } from './offline/syncOffline.js';
import type {
  ArcaClientOptions,
  DownloadOptions,
  DownloadResult,
  LinkResult,
  LogArtifactOptions,
  LogArtifactResult,
  VersionDiff,
  UsedArtifact,
} from './types.js';
import { pathSegment } from './http/pathSegment.js';
import { checkLogTarget } from './log/checkLogTarget.js';
import { checkCommitFields } from './log/checkCommitFields.js';

const PLACEHOLDER_DIGEST = 'b3:' + '0'.repeat(64);

/**
 * The Arca SDK: logs artifacts (scan, negotiate, upload only what is missing,
 * commit), resolves and downloads them (verified, cached), and moves refs.
 * Names, refs and paths are validated here with the store's own validators, so
 * a bad one fails before any byte is read or any request is made, with the same
 * error the server would give.
 */
export class ArcaClient {
  readonly cacheDir: string;
  readonly concurrency: number;
  /** Whether downloads may read objects from the files of a server on this machine (ArcaClientOptions.localReads). */
  readonly localReads: boolean;
  /** Whether logs may write objects into the staging folder of a server on this machine (ArcaClientOptions.localWrites). */
  readonly localWrites: boolean;
  /** The run routes one by one (create, get, list, metrics, summary, inputs, finish). */
  readonly runs: RunsApi;
  /** Users, teams, roles and API keys. */
  readonly access: AccessClient;
  /** Registered models, tags, deletion. */
  readonly registry: RegistryClient;
  private readonly http: HttpClient;
  private readonly scanCache: ScanCache;
  private readonly fileCache: FileCache;

  constructor(opts: ArcaClientOptions) {
    this.cacheDir = opts.cacheDir ?? process.env.ARCA_CACHE_DIR ?? join(homedir(), '.cache', 'arca');
    this.concurrency = Math.max(1, opts.concurrency ?? 16);
    this.localReads = opts.localReads ?? (process.env.ARCA_LOCAL_READS !== '0' && isLoopbackUrl(opts.url));
    this.localWrites = opts.localWrites ?? (process.env.ARCA_LOCAL_WRITES !== '0' && isLoopbackUrl(opts.url));
    const apiKey = opts.apiKey ?? (process.env.ARCA_API_KEY || undefined);
    const transport = opts.fetch ? fetchTransport(opts.fetch) : nodeHttpTransport(2 * this.concurrency);
    // Object downloads skip node:http's copies where they can: plain http, no fetch of the caller's.
    const bulk = !opts.fetch && /^http:\/\//i.test(opts.url) ? socketTransport(2 * this.concurrency) : undefined;
    this.http = new HttpClient(opts.url, apiKey, transport, bulk, opts.idleTimeoutMs);
    this.runs = new RunsApi(this.http);
    this.access = new AccessClient(this.http);
    this.scanCache = new ScanCache(this.cacheDir);
    this.registry = new RegistryClient(this.http);
    this.fileCache = new FileCache(this.cacheDir);
  }

  /**
   * Logs files and folders as a new version of `name`. Only objects the server
   * lacks are sent. Interrupted at any point, it can simply be called again: the
   * scan cache skips re-reading unchanged files, and the server's answer to
   * "what is missing" skips everything already uploaded; nothing is visible
   * until the final commit.
   */
  async logArtifact(opts: LogArtifactOptions): Promise<LogArtifactResult> {
    const collection = parseCollectionName(opts.name);
    checkLogTarget(collection);
    checkCommitFields({ type: opts.type, metadata: opts.metadata ?? {}, description: opts.description ?? '', reason: opts.reason, ttlSeconds: opts.ttlSeconds });
    const aliases = [...new Set((opts.aliases ?? []).filter((a) => a !== 'latest'))];
    aliases.forEach(validateAlias);
    if (!Array.isArray(opts.paths)) throw new InvalidArgumentError('paths', 'a list of files and folders');
    if (opts.run !== undefined) parseRunPath(opts.run);

    const local = await collectFiles(opts.paths);
    const references: ReferenceEntry[] = [];
    for (const spec of opts.references ?? []) references.push(await resolveReference(spec));
    if (local.length === 0 && references.length === 0) throw new InvalidArgumentError('paths', 'nothing to log: no files under the paths given');
    const from = new Map<string, string>();
    for (const f of local) {
      const other = from.get(f.path);
      if (other !== undefined) throw new InvalidPathError(f.path, `listed twice: from ${other} and from ${f.abs}`);
      from.set(f.path, f.abs);
    }
    // Duplicate and file-versus-folder clashes surface now, before any file is read.
    buildTree([...references, ...local.map((f) => ({ path: f.path, size: 0, digest: PLACEHOLDER_DIGEST }))]);
    const result = await logFiles(this.logContext(), {
      collection,
      local,
      kept: references,
      commit: commitFields({ ...opts, aliases }),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    if (result.created) return result;
    // Equal content made no new version; the existing one keeps what it was logged with.
    const notApplied = notAppliedFields(opts, result.version);
    return notApplied.length > 0 ? { ...result, notApplied } : result;
  }

  /**
   * Pushes what an offline store logged (decision 012): missing objects in
   * batches, then the versions in their offline order. Safe to run again at
   * any time (after a crash, or twice): nothing is created twice.
   */
  async sync(store: OfflineStore, opts: SyncOptions = {}): Promise<SyncResult> {
    return syncOffline(this.http, this.concurrency, store, opts, this.localWrites);
  }

  async resolve(ref: string): Promise<VersionInfo> {
    parseRef(ref);
    const res = await this.http.json<{ version: VersionInfo }>('GET', `/resolve?ref=${pathSegment(ref)}`);
    return res.version;
  }

  /**
   * A version and its file list, to inspect before (or instead of) downloading, as
   * W&B's `use_artifact`; its download fetches exactly that version. With `type`
   * (`use_artifact(..., type=)`), a version of another type is TypeMismatch.
   */
  async useArtifact(ref: string, opts: { type?: string } = {}): Promise<UsedArtifact> {
    const version = await this.resolve(ref);
    checkUsedType(version, opts.type);
    const tree = await this.treeByDigest(version.tree);
    return {
      version,
      files: tree.entries,
      download: (dir, opts = {}) => this.downloadVersion(version, tree, dir, opts),
    };
  }

  /** Downloads into `dir`, or without one into `artifacts/<name>-<vN>` under the working directory (as `arca pull`). */
  async download(ref: string, dir?: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
    parseRef(ref);
    // A bad prefix fails here, before the ref is resolved (selectPaths checks them again on the tree).
    if (opts.paths !== undefined) checkPathPrefixes(opts.paths);
    const version = await this.resolve(ref);
    const tree = await this.treeByDigest(version.tree);
    return this.downloadVersion(version, tree, dir, opts);
  }

  /**
   * A draft of the next version, starting from the files of `ref`: add, replace
   * or remove files, then `draft.log()`. A registry ref drafts on the artifact
   * collection it links to (the registry only holds links).
   */
  async newDraft(ref: string): Promise<Draft> {
    const version = await this.resolve(ref);
    const tree = await this.treeByDigest(version.tree);
    const collection = parseCollectionName(version.source?.collection ?? version.collection);
    return new Draft(this.logContext(), collection, version, tree);
  }

  async linkArtifact(ref: string, registryName: string, opts: { aliases?: string[]; reason?: string } = {}): Promise<LinkResult> {
    parseRef(ref);
    const reg = parseCollectionName(registryName);
    if (reg.project !== REGISTRY_PROJECT) {
      throw new InvalidArgumentError('registry', `link into entity/${REGISTRY_PROJECT}/Name, not ${registryName}`);
    }
    const aliases = [...new Set((opts.aliases ?? []).filter((a) => a !== 'latest'))];
    aliases.forEach(validateAlias);
    return this.http.json<LinkResult>('POST', `/registry/${pathSegment(reg.entity)}/${pathSegment(reg.name)}/links`, {
      json: { source: ref, ...(aliases.length > 0 ? { aliases } : {}), ...(opts.reason !== undefined ? { reason: opts.reason } : {}) },
    });
  }

  /** Points `alias` of the ref's collection at the ref's version; `expect` makes it a compare-and-swap (null: must not exist yet). */
  async setAlias(ref: string, alias: string, opts: { expect?: string | null; reason?: string } = {}): Promise<VersionInfo> {
    const r = parseRef(ref);
    validateAlias(alias);
    const sel = r.selector;
    const version = sel.kind === 'number' ? `v${sel.number}` : sel.kind === 'alias' ? sel.alias : `b3:${sel.prefix}`;
    const res = await this.http.json<{ version: VersionInfo }>('PUT', `${collectionPath(r)}/aliases/${pathSegment(alias)}`, {
      json: { version, ...(opts.expect !== undefined ? { expect: opts.expect } : {}), ...(opts.reason !== undefined ? { reason: opts.reason } : {}) },
    });
    return res.version;
  }

  async removeAlias(collection: string, alias: string, opts: { expect?: string; reason?: string } = {}): Promise<{ version: string; digest: string }> {
    const c = parseCollectionName(collection);
    validateAlias(alias);
    const params = new URLSearchParams();
    if (opts.expect !== undefined) params.set('expect', opts.expect);
    if (opts.reason !== undefined) params.set('reason', opts.reason);
    const q = params.size > 0 ? `?${params.toString()}` : '';
    const res = await this.http.json<{ removed: { version: string; digest: string } }>('DELETE', `${collectionPath(c)}/aliases/${pathSegment(alias)}${q}`);
    return res.removed;
  }

  /**
   * Runs a garbage collection on the server (see the server's `POST /gc`):
   * removes objects no ref needs that are older than the grace period.
   */
  async collectGarbage(opts: { dryRun?: boolean; gracePeriodSeconds?: number } = {}): Promise<GcReport> {
    return this.http.json<GcReport>('POST', '/gc', { json: opts });
  }

  /** A collection's default TTL and each version's TTL and expiry. */
  async retention(collection: string): Promise<RetentionInfo> {
    return this.http.json<RetentionInfo>('GET', `${collectionPath(parseCollectionName(collection))}/retention`);
  }

  /**
   * Retention of a collection (`entity/project/name`: its default TTL, null to
   * clear it) or of one version (`...:vN` or `...:alias`: its own TTL, null to
   * keep it forever, 'default' to follow the collection's default).
   */
  async setRetention(target: string, ttlSeconds: number | null | 'default'): Promise<RetentionInfo> {
    const { collection, selector } = targetOf(target);
    const base = collectionPath(collection);
    if (!selector) {
      if (ttlSeconds === 'default') throw new InvalidArgumentError('ttlSeconds', "'default' applies to a version, not a collection");
      return this.http.json<RetentionInfo>('PUT', `${base}/retention`, { json: { ttlSeconds } });
    }
    return this.http.json<RetentionInfo>('PUT', `${base}/versions/${pathSegment(selectorText(selector))}/retention`, { json: { ttlSeconds } });
  }

  async aliasLog(collection: string): Promise<RefLogEntry[]> {
    const c = parseCollectionName(collection);
    return (await this.http.json<{ entries: RefLogEntry[] }>('GET', `${collectionPath(c)}/log?refs=aliases`)).entries;
  }

  async refLog(collection: string): Promise<RefLogEntry[]> {
    const c = parseCollectionName(collection);
    return (await this.http.json<{ entries: RefLogEntry[] }>('GET', `${collectionPath(c)}/log`)).entries;
  }

  async listCollections(entity: string, project: string): Promise<CollectionSummary[]> {
    parseCollectionName(`${entity}/${project}/x`);
    return (await this.http.json<{ collections: CollectionSummary[] }>('GET', `/projects/${pathSegment(entity)}/${pathSegment(project)}/collections`)).collections;
  }

  async listVersions(collection: string): Promise<VersionInfo[]> {
    const c = parseCollectionName(collection);
    return (await this.http.json<{ versions: VersionInfo[] }>('GET', collectionPath(c))).versions;
  }

  /** The parsed tree of a version, its bytes checked against the digest. */
  async tree(ref: string): Promise<TreeObject> {
    return this.treeByDigest((await this.resolve(ref)).tree);
  }

  /** Files added, removed and changed from version A to B, and how their metadata, description and type differ. */
  async diff(refA: string, refB: string): Promise<VersionDiff> {
    const [a, b] = await Promise.all([this.resolve(refA), this.resolve(refB)]);
    const [ta, tb] = await Promise.all([this.treeByDigest(a.tree), this.treeByDigest(b.tree)]);
    const at = (v: VersionInfo) => ({ collection: v.collection, version: v.version, digest: v.digest });
    return {
      from: at(a),
      to: at(b),
      ...diffTrees(ta, tb),
      metadata: diffMetadata(a.metadata, b.metadata),
      ...(a.type !== b.type ? { type: { from: a.type, to: b.type } } : {}),
      ...(a.description !== b.description ? { description: { from: a.description, to: b.description } } : {}),
    };
  }

  /**
   * The server's event stream (`GET /events`) as an async iterator that
   * reconnects by itself with `Last-Event-ID`: `for await (const e of
   * client.events({ entity: 'acme', types: ['alias.moved'] })) ...`. End it with
   * `signal` or by leaving the loop.
   */
  events(opts: EventsOptions = {}): AsyncGenerator<ArcaEvent, void, undefined> {
    return streamEvents(this.http, opts);
  }

  /**
   * Starts a run, as W&B's `wandb.init(project=..., job_type=..., config=...)`. The
   * Run buffers `log` calls and sends them in batches; call `finish()` at the end
   * (rows still buffered when the process exits are lost).
   */
  async initRun(opts: InitRunOptions & RunBufferOptions): Promise<Run> {
    const { flushRows, flushIntervalMs, ...init } = opts;
    return new Run(this, await this.runs.create(init), { flushRows, flushIntervalMs });
  }

  /** A Run object for a run started elsewhere (another process, `arca run init`); steps continue after its last. */
  async resumeRun(path: string, opts: RunBufferOptions = {}): Promise<Run> {
    return new Run(this, await this.runs.get(path), opts);
  }

  /** Runs and versions upstream and downstream of the version `ref` names. */
  async lineage(ref: string, opts: LineageOptions = {}): Promise<LineageGraph> {
    return this.runs.lineage({ ref }, opts);
  }

  /** Runs and versions upstream and downstream of a run. */
  async runLineage(path: string, opts: LineageOptions = {}): Promise<LineageGraph> {
    return this.runs.lineage({ run: path }, opts);
  }

  /** Registers a webhook for a team; the answer's `secret` is shown this once. */
  async createWebhook(
    entity: string,
    opts: { url: string; types?: EventType[]; pattern?: string; secret?: string; format?: WebhookFormat },
  ): Promise<{ webhook: WebhookInfo; secret: string }> {
    validateName('entity', entity);
    return this.http.json('POST', `/webhooks/${pathSegment(entity)}`, { json: opts });
  }

  async listWebhooks(entity: string): Promise<WebhookInfo[]> {
    validateName('entity', entity);
    return (await this.http.json<{ webhooks: WebhookInfo[] }>('GET', `/webhooks/${pathSegment(entity)}`)).webhooks;
  }

  async removeWebhook(entity: string, id: string): Promise<void> {
    validateName('entity', entity);
    await this.http.json('DELETE', `/webhooks/${pathSegment(entity)}/${pathSegment(id)}`);
  }

  /** The delivery log of a webhook, newest first, each delivery with its attempts. */
  async webhookDeliveries(entity: string, id: string, opts: { limit?: number } = {}): Promise<DeliveryInfo[]> {
    validateName('entity', entity);
    const q = opts.limit !== undefined ? `?limit=${opts.limit}` : '';
    return (await this.http.json<{ deliveries: DeliveryInfo[] }>('GET', `/webhooks/${pathSegment(entity)}/${pathSegment(id)}/deliveries${q}`)).deliveries;
  }

  async webhookDelivery(entity: string, id: string, delivery: string): Promise<DeliveryInfo> {
    validateName('entity', entity);
    return (await this.http.json<{ delivery: DeliveryInfo }>('GET', `/webhooks/${pathSegment(entity)}/${pathSegment(id)}/deliveries/${pathSegment(delivery)}`)).delivery;
  }

  /** Queues a `webhook.test` delivery; returns it pending (see webhookDelivery for its outcome). */
  async testWebhook(entity: string, id: string): Promise<DeliveryInfo> {
    validateName('entity', entity);
    return (await this.http.json<{ delivery: DeliveryInfo }>('POST', `/webhooks/${pathSegment(entity)}/${pathSegment(id)}/test`)).delivery;
  }

  async stats(): Promise<{ objects: number; bytes: number }> {
    return this.http.json('GET', '/stats');
  }

  async health(): Promise<{ ok: boolean; version: string }> {
    return this.http.json('GET', '/health');
  }

  private logContext(): LogContext {
    return { http: this.http, scanCache: this.scanCache, concurrency: this.concurrency, localWrites: this.localWrites };
  }

  private async treeByDigest(digest: string): Promise<TreeObject> {
    const bytes = await getObject(this.http, digest);
    const actual = hashBytes(bytes);
    if (actual !== digest) throw new CorruptObjectError(digest, `received tree hashes to ${actual}`);
    return parseTree(bytes, digest);
  }

  private async downloadVersion(version: VersionInfo, tree: TreeObject, dirArg: string | undefined, opts: DownloadOptions): Promise<DownloadResult> {
    const dir = dirArg === undefined ? defaultDownloadDir(version) : resolve(dirArg);
    const ctx = { http: this.http, cache: this.fileCache, concurrency: this.concurrency, localReads: this.localReads };
    const selected = opts.paths !== undefined ? selectPaths(tree, opts.paths) : tree;
    const files = selected.entries.filter((e): e is FileEntry => e.kind !== 'reference');
    const refs = selected.entries.filter((e): e is ReferenceEntry => e.kind === 'reference');
    const r = await downloadTree(ctx, { entries: files, references: refs.filter(isFetchable) }, dir, opts);
    const fetched =
      refs.length === 0
        ? { bytesFetched: 0, skipped: [] }
        : await fetchReferences(refs, await DestinationGuard.open(dir), { cache: this.fileCache, ...(opts.referenceCa !== undefined ? { ca: opts.referenceCa } : {}) });
    return { version, dir, files: selected.entries, ...r, bytesFromReferences: fetched.bytesFetched, skipped: fetched.skipped };
  }
}
