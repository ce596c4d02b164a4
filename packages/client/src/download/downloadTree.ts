import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { renameSync, writeFileSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ArcaError, CorruptObjectError, DigestMismatchError, hashBytes, InterruptedError, objectsOfFile, type FileEntry, type ReferenceEntry } from '@arca/store/pure';
import type { FileCache } from '../cache/FileCache.js';
import { FrameDecoder } from '../frames/FrameDecoder.js';
import type { HttpClient } from '../http/HttpClient.js';
import type { TransportResponse } from '../http/Transport.js';
import { unreachableError } from '../http/unreachableError.js';
import { ProgressThrottle } from '../progress/ProgressThrottle.js';
import type { ProgressCallback } from '../types.js';
import { runPool } from '../util/runPool.js';
import { Yielder } from '../util/Yielder.js';
import { activeTempPrefixes } from './activeTempPrefixes.js';
import { BufferPool } from './BufferPool.js';
import { DestinationGuard } from './DestinationGuard.js';
import { copyFromServerStore, copyThreads } from './copyFromServerStore.js';
import { FileAssembly } from './FileAssembly.js';
import { inspectDestinations } from './inspectDestinations.js';
import { pullRunId } from './pullRunId.js';
import { ServerStoreReader } from './ServerStoreReader.js';

/** Objects below this size are fetched in batches; larger ones by their own GET. */
export const SMALL_FETCH = 1024 * 1024;
export const FETCH_BATCH_BYTES = 16 * 1024 * 1024;
export const FETCH_BATCH_COUNT = 10_000;
/** Received objects at least this large go into recycled buffers (BufferPool); smaller ones come from Node's own pool. */
const POOLED_MIN = 64 * 1024;
/** Every chunk fits (decision 002: at most 2 MiB). */
const POOLED_SIZE = 2 * 1024 * 1024;

export interface DownloadContext {
  http: HttpClient;
  cache: FileCache;
  concurrency: number;
  /** Ask the server where objects lie and read them from its files when they are on this machine (decision 022). */
  localReads: boolean;
}

type Target = { kind: 'whole'; index: number } | { kind: 'chunk'; assembly: FileAssembly; offset: number };

interface Needed {
  size: number;
  targets: Target[];
}

/**
 * Materializes a verified tree under `dir`. Order of business: every destination
 * is checked first (inspectDestinations: nothing in the way, nothing unsaved
 * replaced; files already there with the right content are left alone); files
 * whose digest is in the local cache are copied from it (re-hashed on the
 * way); everything else is fetched, every object verified
 * against its digest on arrival, each file written to a temp file beside its
 * destination, checked against the tree's whole-file digest and renamed into
 * place. On failure every temp file is removed (a large file's partial is moved
 * into the cache for the next attempt, which re-hashes each chunk in it), so
 * no file is ever left half-written under its final name. A pull killed
 * outright leaves its temp files; the next pull into the folder removes them
 * (DestinationGuard, removeStaleTemps). It resumes from the `.arca-part-*`
 * partials of the files it assembles, and moves the others (another version's)
 * into the cache, where a later pull of their version resumes from them.
 *
 * With `ctx.localReads`, files whose objects the server's own files hold on this
 * machine are copied from them (copyFromServerStore) before anything is fetched.
 */
export async function downloadTree(
  ctx: DownloadContext,
  tree: { entries: readonly FileEntry[]; /** Fetched by the caller afterwards (fetchReferences): their destinations are checked with the files'. */ references?: readonly ReferenceEntry[] },
  dir: string,
  opts: { onProgress?: ProgressCallback; verify?: boolean; overwrite?: boolean; signal?: AbortSignal },
): Promise<{ bytesDownloaded: number; bytesFromCache: number; bytesInPlace: number; bytesReadLocally: number }> {
  const verify = opts.verify ?? true;
  const interrupted = (): InterruptedError =>
    new InterruptedError('download', 'partly written files were removed; the chunks of large ones are kept in the cache, so the same pull resumes from those that check out');
  // Checked wherever work starts or an object arrives, so an abort stops within one
  // object and goes through the cleanup below (partials into the cache, temps removed).
  const stopIfAborted = (): void => {
    if (opts.signal?.aborted) throw interrupted();
  };
  stopIfAborted();
  // The references come after the files, so an index below tree.entries.length is a file's.
  const inPlace = await inspectDestinations(dir, [...tree.entries, ...(tree.references ?? [])], { cache: ctx.cache, overwrite: opts.overwrite ?? false });
  let bytesTotal = 0;
  for (const e of tree.entries) bytesTotal += e.size;
  const progress = new ProgressThrottle(opts.onProgress, 'download', bytesTotal, tree.entries.length);
  let bytesInPlace = 0;
  for (const i of inPlace) bytesInPlace += tree.entries[i]!.size;
  progress.add(bytesInPlace, inPlace.size);
  const entries = tree.entries.filter((_, i) => !inPlace.has(i));
  // Partials a killed pull left in the folder: one of a file this pull assembles is
  // taken over where it lies (so it resumes even with the cache on another disk);
  // the others go to the cache, which resumes a later pull of their version.
  const assembled = new Set(entries.filter((e) => e.chunks).map((e) => e.digest));
  const leftovers = new Map<string, string>();
  const reclaim = async (file: string, digest: string): Promise<void> => {
    if (assembled.has(digest) && !leftovers.has(digest)) leftovers.set(digest, file);
    else await ctx.cache.keepPartial(file, digest);
  };
  const guard = await DestinationGuard.open(dir, reclaim);
  const dests: string[] = [];
  for (const e of entries) dests.push(await guard.prepare(e.path));
  // The caller's signal, re-broadcast to every request in flight (a signal warns past
  // ten listeners, and there are `concurrency` requests): an abort cuts them all off,
  // so a stalled server cannot hold it up.
  const requests = new AbortController();
  setMaxListeners(0, requests.signal);
  const abortRequests = (): void => requests.abort();
  opts.signal?.addEventListener('abort', abortRequests, { once: true });
  // A thread takes ~50 ms to start: they start now, while the cache is looked at and
  // the server asked, in case files of several chunks are copied locally.
  const copier = ctx.localReads && assembled.size > 0 ? copyThreads(availableParallelism()) : null;
  // The server is asked where the objects lie meanwhile too (~30 ms for a 1 GiB file's
  // chunks), for every object not in place: most of them are not in the cache either.
  const located = ctx.localReads ? ServerStoreReader.open(ctx.http, entries.flatMap((e) => objectsOfFile(e).map((o) => o.digest)), requests.signal) : null;
  // Awaited below, unless something fails first.
  located?.catch(() => {});
  const temps = new Set<string>();
  const assemblies: FileAssembly[] = [];
  let bytesDownloaded = 0;
  let bytesFromCache = 0;
  let bytesReadLocally = 0;
  // Objects in flight at once: one per GET, at most a couple per framed response being decoded.
  const pool = new BufferPool(POOLED_SIZE, 2 * ctx.concurrency + 2);
  const alloc = (size: number): Buffer => (size >= POOLED_MIN ? pool.take(size) : Buffer.allocUnsafe(size));
  // One prefix per pull and a counter: unique against other pulls into the same folder,
  // without a crypto call per file (randomFillSync was ~5% of a 10,000-file pull's CPU).
  const runId = pullRunId();
  const tempPrefix = `.arca-tmp-${runId}`;
  // A partial's name also carries its file's digest: a later pull that finds it left
  // behind knows which content its chunks belong to (removeStaleTemps).
  const partPrefix = `.arca-part-${runId}`;
  let tempCount = 0;
  const tempFor = (dest: string): string => {
    const t = join(dirname(dest), `${tempPrefix}${(tempCount++).toString(36)}`);
    temps.add(t);
    return t;
  };

  activeTempPrefixes.add(tempPrefix);
  activeTempPrefixes.add(partPrefix);
  try {
    const fromNetwork: number[] = [];
    const large: number[] = [];
    const yielder = new Yielder();
    // Small files: synchronous calls, one after another (see Yielder).
    for (const [i, e] of entries.entries()) {
      if (e.size > SMALL_FETCH) {
        large.push(i);
        continue;
      }
      await yielder.maybeYield();
      stopIfAborted();
      const temp = tempFor(dests[i]!);
      if (ctx.cache.copySmallVerifiedSync(e.digest, e.size, temp)) {
        renameSync(temp, dests[i]!);
        bytesFromCache += e.size;
        progress.add(e.size, 1);
      } else fromNetwork.push(i);
      temps.delete(temp);
    }
    await runPool(large, ctx.concurrency, async (i) => {
      stopIfAborted();
      const e = entries[i]!;
      const temp = tempFor(dests[i]!);
      if (await ctx.cache.copyVerifiedTo(e.digest, e.size, temp)) {
        await rename(temp, dests[i]!);
        temps.delete(temp);
        bytesFromCache += e.size;
        progress.add(e.size, 1);
      } else {
        temps.delete(temp);
        fromNetwork.push(i);
      }
    });
    fromNetwork.sort((a, b) => a - b);

    const wholes: number[] = [];
    for (const i of fromNetwork) {
      const e = entries[i]!;
      if (!e.chunks) {
        wholes.push(i);
        continue;
      }
      const temp = join(dirname(dests[i]!), `${partPrefix}${(tempCount++).toString(36)}-${e.digest.slice(3)}`);
      temps.add(temp);
      const asm = new FileAssembly(e, dests[i]!, temp);
      assemblies.push(asm);
      // Resume from what a killed or failed pull wrote: left here, or kept in the cache.
      const leftover = leftovers.get(e.digest);
      leftovers.delete(e.digest);
      if (!leftover || !(await rename(leftover, temp).then(() => true, () => false))) await ctx.cache.takePartial(e.digest, temp);
      await asm.open();
      bytesFromCache += asm.bytesResumed;
      progress.add(asm.bytesResumed, 0);
    }
    const publishAssembly = async (asm: FileAssembly): Promise<void> => {
      await rename(asm.temp, asm.dest);
      temps.delete(asm.temp);
      await ctx.cache.adopt(asm.dest, asm.entry.digest);
      progress.add(0, 1);
    };
    const finishAssembly = async (asm: FileAssembly): Promise<void> => {
      const digest = await asm.finish(verify);
      if (digest !== null && digest !== asm.entry.digest) {
        throw new DigestMismatchError(`downloaded file ${asm.entry.path}`, asm.entry.digest, digest);
      }
      await publishAssembly(asm);
    };
    // Files whose chunks were all in the partial are complete already.
    for (const asm of assemblies) if (asm.complete) await finishAssembly(asm);
    /** A verified single-object file, written beside its destination and renamed into place. */
    const writeWhole = async (index: number, bytes: Buffer): Promise<void> => {
      const temp = tempFor(dests[index]!);
      writeFileSync(temp, bytes);
      renameSync(temp, dests[index]!);
      temps.delete(temp);
      ctx.cache.adoptSync(dests[index]!, entries[index]!.digest);
      progress.add(bytes.length, 1);
    };

    if (located) {
      const reader = await located;
      if (reader) {
        try {
          bytesReadLocally = await copyFromServerStore({
            reader,
            copier,
            entries,
            wholes,
            assemblies,
            take: alloc,
            give: (b) => pool.give(b),
            writeWhole,
            publish: publishAssembly,
            onBytes: (n) => progress.add(n, 0),
            stopIfAborted,
          });
        } finally {
          reader.close();
        }
      }
    }

    // Everything not copied above comes over the network.
    const needed = new Map<string, Needed>();
    const need = (digest: string, size: number, target: Target): void => {
      const n = needed.get(digest);
      if (n) n.targets.push(target);
      else needed.set(digest, { size, targets: [target] });
    };
    for (const i of wholes) need(entries[i]!.digest, entries[i]!.size, { kind: 'whole', index: i });
    for (const asm of assemblies) for (const c of asm.neededChunks()) need(c.digest, c.size, { kind: 'chunk', assembly: asm, offset: c.offset });
    // A reopened file may have had every chunk right after all.
    for (const asm of assemblies) if (asm.complete && temps.has(asm.temp)) await finishAssembly(asm);

    const deliver = async (digest: string, bytes: Buffer): Promise<void> => {
      stopIfAborted();
      const n = needed.get(digest);
      if (!n) throw new ArcaError('UnexpectedObject', `server sent ${digest}, which was not asked for`, { digest });
      if (bytes.length !== n.size || hashBytes(bytes) !== digest) {
        throw new CorruptObjectError(digest, 'received bytes do not match the digest');
      }
      needed.delete(digest);
      bytesDownloaded += bytes.length;
      for (const t of n.targets) {
        if (t.kind === 'whole') await writeWhole(t.index, bytes);
        else {
          await t.assembly.write(t.offset, bytes);
          progress.add(bytes.length, 0);
          if (t.assembly.complete) await finishAssembly(t.assembly);
        }
      }
    };

    const tasks: string[][] = [];
    let batch: string[] = [];
    let batchBytes = 0;
    for (const [digest, n] of needed) {
      if (n.size >= SMALL_FETCH) {
        tasks.push([digest]);
        continue;
      }
      if (batch.length >= FETCH_BATCH_COUNT || batchBytes + n.size > FETCH_BATCH_BYTES) {
        tasks.push(batch);
        batch = [];
        batchBytes = 0;
      }
      batch.push(digest);
      batchBytes += n.size;
    }
    if (batch.length > 0) tasks.push(batch);
    await runPool(tasks, ctx.concurrency, async (digests) => {
      stopIfAborted();
      // Once deliver has resolved, the bytes are written and hashed and no longer referenced: the buffer is reused.
      const deliverAndRecycle = async (digest: string, bytes: Buffer): Promise<void> => {
        await deliver(digest, bytes);
        pool.give(bytes);
      };
      const n = needed.get(digests[0]!)!;
      if (digests.length === 1 && n.size >= SMALL_FETCH) {
        await deliverAndRecycle(digests[0]!, await getSizedObject(ctx.http, digests[0]!, n.size, alloc, requests.signal));
      } else {
        await fetchBatch(ctx.http, digests, deliverAndRecycle, alloc, requests.signal);
      }
    });
    for (const asm of assemblies) if (temps.has(asm.temp)) throw new Error(`internal: ${asm.entry.path} incomplete`);
  } catch (err) {
    for (const asm of assemblies) {
      await asm.close().catch(() => {});
      if (temps.has(asm.temp)) {
        temps.delete(asm.temp);
        await ctx.cache.keepPartial(asm.temp, asm.entry.digest);
      }
    }
    await Promise.all([...temps].map((t) => unlink(t).catch(() => {})));
    // An abort surfaces wherever it cut in (a cut-off response reads as a broken
    // connection); the caller should hear that it was stopped, not that it failed.
    throw opts.signal?.aborted && !(err instanceof InterruptedError) ? interrupted() : err;
  } finally {
    await copier?.stop();
    opts.signal?.removeEventListener('abort', abortRequests);
    activeTempPrefixes.delete(tempPrefix);
    activeTempPrefixes.delete(partPrefix);
    // Leftovers of files that came from the cache or the network after all.
    for (const [digest, file] of leftovers) await ctx.cache.keepPartial(file, digest);
  }
  progress.finish();
  return { bytesDownloaded, bytesFromCache, bytesInPlace, bytesReadLocally };
}

/** One object by GET, its bytes not yet verified. */
export async function getObject(http: HttpClient, digest: string, signal?: AbortSignal): Promise<Buffer> {
  const path = `/objects/${digest}`;
  const res = await http.request('GET', path, { bulk: true, ...(signal ? { signal } : {}) });
  return http.bytes(res, path);
}

/**
 * One object by GET, read straight into a buffer of its expected size (no
 * list of pieces to concatenate). A body of any other length is CorruptObject;
 * the bytes are not yet verified.
 */
async function getSizedObject(http: HttpClient, digest: string, size: number, alloc: (size: number) => Buffer, signal: AbortSignal): Promise<Buffer> {
  const path = `/objects/${digest}`;
  const res = await http.request('GET', path, { bulk: true, signal });
  const bytes = alloc(size);
  let filled = 0;
  try {
    for await (const piece of res.body) {
      if (filled + piece.length > size) {
        res.discard();
        throw new CorruptObjectError(digest, `server sent more than the ${size} bytes of the tree entry`);
      }
      bytes.set(piece, filled);
      filled += piece.length;
    }
  } catch (err) {
    if (err instanceof ArcaError) throw err;
    throw unreachableError(http.base + path, err);
  }
  if (filled !== size) throw new CorruptObjectError(digest, `server sent ${filled} of the ${size} bytes of the tree entry`);
  return bytes;
}

/**
 * Fetches objects in one framed response, handing each to `deliver` as it
 * completes. If the stream breaks off (a server that finds a damaged object
 * mid-stream can only cut the connection), the objects not yet received are
 * fetched one by one, which yields the precise error for the bad one.
 */
async function fetchBatch(
  http: HttpClient,
  digests: string[],
  deliver: (digest: string, bytes: Buffer) => Promise<void>,
  alloc: (size: number) => Buffer,
  signal: AbortSignal,
): Promise<void> {
  let received = 0;
  let deliveryError: unknown;
  let res: TransportResponse | undefined;
  try {
    res = await http.request('POST', '/objects/fetch', { json: { digests }, accept: 'application/vnd.arca.objects', bulk: true, signal });
    const decoder = new FrameDecoder(undefined, alloc);
    {
      for await (const piece of res.body) {
        for (const frame of decoder.push(piece)) {
          const expected = digests[received];
          if (frame.digest !== expected) throw new CorruptObjectError(expected ?? frame.digest, `server sent ${frame.digest} in its place`);
          received++;
          try {
            await deliver(frame.digest, frame.bytes);
          } catch (err) {
            deliveryError = err;
            throw err;
          }
        }
      }
    }
  } catch (err) {
    res?.discard();
    if (err === deliveryError) throw err;
    // Anything else is the stream breaking off (undici: TypeError "terminated",
    // node:http: "aborted"/ECONNRESET); fall through to fetching the rest singly.
    if (err instanceof ArcaError && err.code !== 'Unreachable') throw err;
  }
  for (const digest of digests.slice(received)) {
    signal.throwIfAborted();
    await deliver(digest, await getObject(http, digest, signal));
  }
}
