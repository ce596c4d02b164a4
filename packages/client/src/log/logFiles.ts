import { ArcaError, buildTree, checkFolderNames, ForbiddenError, type CollectionName, type TreeEntry, type VersionInfo } from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import { ProgressThrottle } from '../progress/ProgressThrottle.js';
import type { LocalFile } from '../scan/LocalFile.js';
import type { ScanCache } from '../scan/ScanCache.js';
import { scanFiles } from '../scan/scanFiles.js';
import type { LogArtifactResult, ProgressCallback } from '../types.js';
import { askMissing } from '../upload/askMissing.js';
import { LocalStaging } from '../upload/LocalStaging.js';
import type { ObjectSource } from '../upload/ObjectSource.js';
import { UploadPipeline } from '../upload/UploadPipeline.js';
import { uploadObjects } from '../upload/uploadObjects.js';
import { collectionPath } from './collectionPath.js';

const COMMIT_ATTEMPTS = 3;

export interface LogContext {
  http: HttpClient;
  scanCache: ScanCache;
  concurrency: number;
  /** Objects may go through the staging folder of a server on this machine (decision 024). */
  localWrites: boolean;
}

export interface LogFilesInput {
  collection: CollectionName;
  /** Files to read, scan and upload what the server lacks of. */
  local: readonly LocalFile[];
  /**
   * Entries taken as they are (the unchanged files of a draft's base version):
   * their objects are on the server already, so nothing of them is read or asked about.
   */
  kept: readonly TreeEntry[];
  /** The commit body's other fields: type, metadata, description, aliases, reason. */
  commit: Record<string, unknown>;
  onProgress?: ProgressCallback;
}

/**
 * The body of every online log: scan the local files while their chunks upload
 * (UploadPipeline), then one missing question for the rest (files from the scan
 * cache, the tree) and one batched upload, then the commit. Interrupted at any
 * point it can simply run again: the scan cache skips unchanged files and the
 * server's answer to "what is missing" skips what arrived.
 */
export async function logFiles(ctx: LogContext, input: LogFilesInput): Promise<LogArtifactResult> {
  try {
    return await logFilesOnce(ctx, input);
  } catch (err) {
    // The server refuses uploads without naming a team (objects are shared by all
    // teams); a caller who may write nowhere lacks the member role in this one too.
    if (err instanceof ForbiddenError && err.data.needed === 'member' && err.data.entity === null) {
      throw new ForbiddenError(`log to ${input.collection.entity}/${input.collection.project}/${input.collection.name}`, 'member', input.collection.entity);
    }
    throw err;
  }
}

async function logFilesOnce(ctx: LogContext, input: LogFilesInput): Promise<LogArtifactResult> {
  // Before anything is read or sent (buildTree below checks whole paths, once the files are scanned).
  checkFolderNames([...input.kept, ...input.local]);
  const uploadProgress = new ProgressThrottle(input.onProgress, 'upload', 0, 0);
  const staging = ctx.localWrites ? new LocalStaging(ctx.http) : null;
  const pipeline = new UploadPipeline(ctx.http, ctx.concurrency, uploadProgress, {}, staging);
  let files: Awaited<ReturnType<typeof scanFiles>>['files'];
  try {
    ({ files } = await scanFiles(input.local, ctx.scanCache, ctx.concurrency, input.onProgress, (chunk, bytes) => pipeline.add(chunk, bytes)));
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
  const built = buildTree([...input.kept, ...entries]);
  const sources = new Map<string, ObjectSource>();
  let bytesTotal = 0;
  for (const e of input.kept) bytesTotal += e.size;
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
  let bytesWrittenLocally = pipeline.stats.bytesWrittenLocally;
  const sync = async (digests: readonly string[]): Promise<void> => {
    const missing = new Set(await askMissing(ctx.http, digests));
    const contents = [...missing].filter((d) => d !== built.digest).map((d) => sources.get(d)!);
    const s1 = await uploadObjects(ctx.http, contents, ctx.concurrency, uploadProgress, staging);
    // The tree goes last, after everything it names (by HTTP: one small object).
    const s2 = await uploadObjects(ctx.http, missing.has(built.digest) ? [treeSource] : [], 1, undefined);
    bytesUploaded += s1.bytesUploaded + s2.bytesUploaded;
    objectsUploaded += s1.objectsUploaded + s2.objectsUploaded;
    bytesWrittenLocally += s1.bytesWrittenLocally;
  };
  // What the pipeline sent is on the server already; ask only about the rest.
  await sync(allDigests.filter((d) => !pipeline.has(d)));
  uploadProgress.finish();

  const body = { ...input.commit, tree: built.digest };
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await ctx.http.json<{ created: boolean; version: VersionInfo }>('POST', `${collectionPath(input.collection)}/versions`, { json: body });
      return { created: res.created, version: res.version, bytesTotal, bytesUploaded, objectsUploaded, bytesWrittenLocally, files: built.tree.entries };
    } catch (err) {
      // Objects can vanish between upload and commit (a concurrent gc); ask again.
      if (!(err instanceof ArcaError) || err.code !== 'MissingObjects' || attempt >= COMMIT_ATTEMPTS) throw err;
      // Ask about everything again, pipelined chunks included: re-read by offset.
      await sync(allDigests);
    }
  }
}
