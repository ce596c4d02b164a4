import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ArcaError,
  CorruptObjectError,
  InvalidArgumentError,
  REGISTRY_PROJECT,
  buildTree,
  canonicalJson,
  hashBytes,
  parseCollectionName,
  parseRef,
  parseRunPath,
  parseTree,
  validateAlias,
  validateName,
  type CollectionName,
  type CollectionSummary,
  type ArcaEvent,
  type GcReport,
  type LineageGraph,
  type DeliveryInfo,
  type EventType,
  type RefLogEntry,
  type WebhookFormat,
  type WebhookInfo,
  type TreeEntry,
  type TreeObject,
  type VersionInfo,
} from '@arca/store';
import { FileCache } from './cache/FileCache.js';
import { diffTrees } from './diffTrees.js';
import { downloadTree, getObject } from './download/downloadTree.js';
import type { EventsOptions } from './events/EventsOptions.js';
import { streamEvents } from './events/streamEvents.js';
import { fetchTransport } from './http/fetchTransport.js';
import { HttpClient } from './http/HttpClient.js';
import { nodeHttpTransport } from './http/nodeHttpTransport.js';
import { ProgressThrottle } from './progress/ProgressThrottle.js';
import { Run, type RunBufferOptions } from './runs/Run.js';
import { RunsApi, type InitRunOptions, type LineageOptions } from './runs/RunsApi.js';
import { collectFiles } from './scan/collectFiles.js';
import { ScanCache } from './scan/ScanCache.js';
import { scanFiles } from './scan/scanFiles.js';
import { askMissing } from './upload/askMissing.js';
import type { ObjectSource } from './upload/ObjectSource.js';
import { UploadPipeline } from './upload/UploadPipeline.js';
import { uploadObjects } from './upload/uploadObjects.js';
import type {
  ArcaClientOptions,
  DownloadOptions,
  DownloadResult,
  LinkResult,
  LogArtifactOptions,
  LogArtifactResult,
  TreeDiff,
  UsedArtifact,
} from './types.js';

const COMMIT_ATTEMPTS = 3;
const PLACEHOLDER_DIGEST = 'b3:' + '0'.repeat(64);

function seg(s: string): string {
  return encodeURIComponent(s);
}

function collectionPath(c: CollectionName): string {
  return `/collections/${seg(c.entity)}/${seg(c.project)}/${seg(c.name)}`;
}

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
  /** The run routes one by one (create, get, list, metrics, summary, inputs, finish). */
  readonly runs: RunsApi;
  private readonly http: HttpClient;
  private readonly scanCache: ScanCache;
  private readonly fileCache: FileCache;

  constructor(opts: ArcaClientOptions) {
    this.cacheDir = opts.cacheDir ?? process.env.ARCA_CACHE_DIR ?? join(homedir(), '.cache', 'arca');
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.http = new HttpClient(opts.url, opts.actor, opts.fetch ? fetchTransport(opts.fetch) : nodeHttpTransport(2 * this.concurrency));
    this.runs = new RunsApi(this.http);
    this.scanCache = new ScanCache(this.cacheDir);
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
    if (collection.project === REGISTRY_PROJECT) {
      throw new InvalidArgumentError('collection', `log to a project; ${REGISTRY_PROJECT} only holds links (use linkArtifact)`);
    }
    if (typeof opts.type !== 'string' || opts.type.length === 0) throw new InvalidArgumentError('type', 'a non-empty string');
    const aliases = [...new Set((opts.aliases ?? []).filter((a) => a !== 'latest'))];
    aliases.forEach(validateAlias);
    if (opts.metadata !== undefined) canonicalJson(opts.metadata);
    if (!Array.isArray(opts.paths)) throw new InvalidArgumentError('paths', 'a list of files and folders');
    if (opts.run !== undefined) parseRunPath(opts.run);

    const local = await collectFiles(opts.paths);
    // Duplicate and file-versus-folder clashes surface now, before any file is read.
    buildTree(local.map((f) => ({ path: f.path, size: 0, digest: PLACEHOLDER_DIGEST })));
    // The chunks of every file read now (small files included) upload while the
    // scan goes on (UploadPipeline), so no file is read twice; the rest (files
    // from the scan cache, the tree) goes after it, as one missing request and
    // one batched upload, so an unchanged re-log still asks exactly once.
    const uploadProgress = new ProgressThrottle(opts.onProgress, 'upload', 0, 0);
    const pipeline = new UploadPipeline(this.http, this.concurrency, uploadProgress);
    let files: Awaited<ReturnType<typeof scanFiles>>['files'];
    try {
      ({ files } = await scanFiles(local, this.scanCache, this.concurrency, opts.onProgress, (chunk, bytes) => pipeline.add(chunk, bytes)));
      await pipeline.finish();
    } catch (err) {
      // Report only once nothing is still sending, so a caller that retries or
      // inspects the server sees a settled state.
      await pipeline.settle();
      throw err;
    }

    const entries: TreeEntry[] = files.map((f) =>
      f.scan.chunks.length > 1
        ? { path: f.path, size: f.scan.size, digest: f.scan.digest, chunks: f.scan.chunks }
        : { path: f.path, size: f.scan.size, digest: f.scan.digest },
    );
    const built = buildTree(entries);
    const sources = new Map<string, ObjectSource>();
    let bytesTotal = 0;
    for (const f of files) {
      bytesTotal += f.scan.size;
      let offset = 0;
      for (const c of f.scan.chunks) {
        if (!sources.has(c.digest)) sources.set(c.digest, { digest: c.digest, size: c.size, file: { abs: f.abs, identity: f.identity, offset } });
        offset += c.size;
      }
    }
    const treeSource: ObjectSource = { digest: built.digest, size: built.bytes.length, bytes: built.bytes };
    const allDigests = [...sources.keys(), built.digest];
    let bytesUploaded = pipeline.stats.bytesUploaded;
    let objectsUploaded = pipeline.stats.objectsUploaded;
    const sync = async (digests: readonly string[]): Promise<void> => {
      const missing = new Set(await askMissing(this.http, digests));
      const contents = [...missing].filter((d) => d !== built.digest).map((d) => sources.get(d)!);
      const s1 = await uploadObjects(this.http, contents, this.concurrency, uploadProgress);
      // The tree goes last, after everything it names.
      const s2 = missing.has(built.digest) ? await uploadObjects(this.http, [treeSource], 1, undefined) : { bytesUploaded: 0, objectsUploaded: 0 };
      bytesUploaded += s1.bytesUploaded + s2.bytesUploaded;
      objectsUploaded += s1.objectsUploaded + s2.objectsUploaded;
    };
    // What the pipeline sent is on the server already; ask only about the rest.
    await sync(allDigests.filter((d) => !pipeline.has(d)));
    uploadProgress.finish();

    const body = {
      type: opts.type,
      tree: built.digest,
      ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(aliases.length > 0 ? { aliases } : {}),
      ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
      ...(opts.run !== undefined ? { run: opts.run } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.http.json<{ created: boolean; version: VersionInfo }>('POST', `${collectionPath(collection)}/versions`, { json: body });
        return { created: res.created, version: res.version, bytesTotal, bytesUploaded, objectsUploaded, files: built.tree.entries };
      } catch (err) {
        // Objects can vanish between upload and commit (a concurrent gc); ask again.
        if (!(err instanceof ArcaError) || err.code !== 'MissingObjects' || attempt >= COMMIT_ATTEMPTS) throw err;
        // Ask about everything again, pipelined chunks included: re-read by offset.
        await sync(allDigests);
      }
    }
  }

  async resolve(ref: string): Promise<VersionInfo> {
    parseRef(ref);
    const res = await this.http.json<{ version: VersionInfo }>('GET', `/resolve?ref=${seg(ref)}`);
    return res.version;
  }

  /** A version and its file list, to inspect before (or instead of) downloading, as W&B's `use_artifact`. */
  async useArtifact(ref: string): Promise<UsedArtifact> {
    const version = await this.resolve(ref);
    const tree = await this.treeByDigest(version.tree);
    return {
      version,
      files: tree.entries,
      download: (dir, opts = {}) => this.downloadVersion(version, tree, dir, opts),
    };
  }

  async download(ref: string, dir: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
    const version = await this.resolve(ref);
    const tree = await this.treeByDigest(version.tree);
    return this.downloadVersion(version, tree, dir, opts);
  }

  async linkArtifact(ref: string, registryName: string, opts: { aliases?: string[]; reason?: string } = {}): Promise<LinkResult> {
    parseRef(ref);
    const reg = parseCollectionName(registryName);
    if (reg.project !== REGISTRY_PROJECT) {
      throw new InvalidArgumentError('registry', `link into entity/${REGISTRY_PROJECT}/Name, not ${registryName}`);
    }
    const aliases = [...new Set((opts.aliases ?? []).filter((a) => a !== 'latest'))];
    aliases.forEach(validateAlias);
    return this.http.json<LinkResult>('POST', `/registry/${seg(reg.entity)}/${seg(reg.name)}/links`, {
      json: { source: ref, ...(aliases.length > 0 ? { aliases } : {}), ...(opts.reason !== undefined ? { reason: opts.reason } : {}) },
    });
  }

  /** Points `alias` of the ref's collection at the ref's version; `expect` makes it a compare-and-swap (null: must not exist yet). */
  async setAlias(ref: string, alias: string, opts: { expect?: string | null; reason?: string } = {}): Promise<VersionInfo> {
    const r = parseRef(ref);
    validateAlias(alias);
    const sel = r.selector;
    const version = sel.kind === 'number' ? `v${sel.number}` : sel.kind === 'alias' ? sel.alias : `b3:${sel.prefix}`;
    const res = await this.http.json<{ version: VersionInfo }>('PUT', `${collectionPath(r)}/aliases/${seg(alias)}`, {
      json: { version, ...(opts.expect !== undefined ? { expect: opts.expect } : {}), ...(opts.reason !== undefined ? { reason: opts.reason } : {}) },
    });
    return res.version;
  }

  async removeAlias(collection: string, alias: string, opts: { expect?: string } = {}): Promise<{ version: string; digest: string }> {
    const c = parseCollectionName(collection);
    validateAlias(alias);
    const q = opts.expect !== undefined ? `?expect=${seg(opts.expect)}` : '';
    const res = await this.http.json<{ removed: { version: string; digest: string } }>('DELETE', `${collectionPath(c)}/aliases/${seg(alias)}${q}`);
    return res.removed;
  }

  /**
   * Runs a garbage collection on the server (see the server's `POST /gc`):
   * removes objects no ref needs that are older than the grace period.
   */
  async collectGarbage(opts: { dryRun?: boolean; gracePeriodSeconds?: number } = {}): Promise<GcReport> {
    return this.http.json<GcReport>('POST', '/gc', { json: opts });
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
    return (await this.http.json<{ collections: CollectionSummary[] }>('GET', `/projects/${seg(entity)}/${seg(project)}/collections`)).collections;
  }

  async listVersions(collection: string): Promise<VersionInfo[]> {
    const c = parseCollectionName(collection);
    return (await this.http.json<{ versions: VersionInfo[] }>('GET', collectionPath(c))).versions;
  }

  /** The parsed tree of a version, its bytes checked against the digest. */
  async tree(ref: string): Promise<TreeObject> {
    return this.treeByDigest((await this.resolve(ref)).tree);
  }

  async diff(refA: string, refB: string): Promise<TreeDiff> {
    const [a, b] = await Promise.all([this.tree(refA), this.tree(refB)]);
    return diffTrees(a, b);
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
    return this.http.json('POST', `/webhooks/${seg(entity)}`, { json: opts });
  }

  async listWebhooks(entity: string): Promise<WebhookInfo[]> {
    validateName('entity', entity);
    return (await this.http.json<{ webhooks: WebhookInfo[] }>('GET', `/webhooks/${seg(entity)}`)).webhooks;
  }

  async removeWebhook(entity: string, id: string): Promise<void> {
    validateName('entity', entity);
    await this.http.json('DELETE', `/webhooks/${seg(entity)}/${seg(id)}`);
  }

  /** The delivery log of a webhook, newest first, each delivery with its attempts. */
  async webhookDeliveries(entity: string, id: string, opts: { limit?: number } = {}): Promise<DeliveryInfo[]> {
    validateName('entity', entity);
    const q = opts.limit !== undefined ? `?limit=${opts.limit}` : '';
    return (await this.http.json<{ deliveries: DeliveryInfo[] }>('GET', `/webhooks/${seg(entity)}/${seg(id)}/deliveries${q}`)).deliveries;
  }

  async webhookDelivery(entity: string, id: string, delivery: string): Promise<DeliveryInfo> {
    validateName('entity', entity);
    return (await this.http.json<{ delivery: DeliveryInfo }>('GET', `/webhooks/${seg(entity)}/${seg(id)}/deliveries/${seg(delivery)}`)).delivery;
  }

  /** Queues a `webhook.test` delivery; returns it pending (see webhookDelivery for its outcome). */
  async testWebhook(entity: string, id: string): Promise<DeliveryInfo> {
    validateName('entity', entity);
    return (await this.http.json<{ delivery: DeliveryInfo }>('POST', `/webhooks/${seg(entity)}/${seg(id)}/test`)).delivery;
  }

  async stats(): Promise<{ objects: number; bytes: number }> {
    return this.http.json('GET', '/stats');
  }

  async health(): Promise<{ ok: boolean; version: string }> {
    return this.http.json('GET', '/health');
  }

  private async treeByDigest(digest: string): Promise<TreeObject> {
    const bytes = await getObject(this.http, digest);
    const actual = hashBytes(bytes);
    if (actual !== digest) throw new CorruptObjectError(digest, `received tree hashes to ${actual}`);
    return parseTree(bytes, digest);
  }

  private async downloadVersion(version: VersionInfo, tree: TreeObject, dir: string, opts: DownloadOptions): Promise<DownloadResult> {
    const ctx = { http: this.http, cache: this.fileCache, concurrency: this.concurrency };
    const r = await downloadTree(ctx, tree, dir, opts);
    return { version, files: tree.entries, ...r };
  }
}
