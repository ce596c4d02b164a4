import { ProgressThrottle } from '../progress/ProgressThrottle.js';
import type { ProgressCallback } from '../types.js';
import { runPool } from '../util/runPool.js';
import { Yielder } from '../util/Yielder.js';
import type { ChunkCallback, LocalFile, ScannedLocalFile } from './LocalFile.js';
import type { ScanCache } from './ScanCache.js';
import { scanLocalFile } from './scanLocalFile.js';
import { SYNC_SCAN_LIMIT, scanSmallFileSync } from './scanSmallFileSync.js';

/** Large files scanned at once: a scan is CPU and an 18 MiB buffer, so more only costs memory. */
const MAX_PARALLEL_SCANS = 8;

/**
 * Scans files, taking unchanged ones from the scan cache. Small files are read
 * one after another with synchronous calls (cheaper per file than any async
 * parallelism, see Yielder), large ones through a bounded async pool at the same
 * time. Results come back in input order. `onChunk` sees the chunks of every
 * file read now (small ones included, not those from the cache), for the
 * pipelined upload; its promise is awaited, which is how the upload's
 * backpressure stalls the scan.
 */
export async function scanFiles(
  files: readonly LocalFile[],
  cache: ScanCache,
  concurrency: number,
  onProgress: ProgressCallback | undefined,
  onChunk?: ChunkCallback,
): Promise<{ files: ScannedLocalFile[]; bytesRead: number; filesRead: number }> {
  await cache.load();
  let bytesTotal = 0;
  for (const f of files) bytesTotal += f.identity.size;
  const progress = new ProgressThrottle(onProgress, 'scan', bytesTotal, files.length);
  const out: ScannedLocalFile[] = new Array(files.length);
  const small: number[] = [];
  const large: number[] = [];
  files.forEach((f, i) => {
    const hit = cache.lookup(f.abs, f.identity);
    if (hit) {
      out[i] = { ...f, scan: hit };
      progress.add(f.identity.size, 1);
    } else (f.identity.size <= SYNC_SCAN_LIMIT ? small : large).push(i);
  });
  let bytesRead = 0;
  const careful = async (i: number): Promise<void> => {
    const f = files[i]!;
    const { identity, scan, readStartMs } = await scanLocalFile(f.abs, onChunk);
    cache.record(f.abs, identity, scan, readStartMs);
    out[i] = { ...f, identity, scan };
    bytesRead += scan.size;
    progress.add(scan.size, 1);
  };
  const smallLoop = async (): Promise<void> => {
    const yielder = new Yielder();
    for (const i of small) {
      await yielder.maybeYield();
      const f = files[i]!;
      const r = scanSmallFileSync(f.abs, f.identity);
      if (!r) {
        await careful(i);
        continue;
      }
      if (onChunk) {
        // The bytes are in memory now; handing them over spares the upload a second read of the file.
        let offset = 0;
        for (const c of r.scan.chunks) {
          await onChunk(c, r.bytes.subarray(offset, offset + c.size), offset);
          offset += c.size;
        }
      }
      cache.record(f.abs, r.identity, r.scan, r.readStartMs);
      out[i] = { ...f, identity: r.identity, scan: r.scan };
      bytesRead += r.scan.size;
      progress.add(r.scan.size, 1);
    }
  };
  await Promise.all([smallLoop(), runPool(large, Math.min(concurrency, MAX_PARALLEL_SCANS), careful)]);
  await cache.flush();
  progress.finish();
  return { files: out, bytesRead, filesRead: small.length + large.length };
}
