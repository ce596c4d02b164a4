import { ProgressThrottle } from '../progress/ProgressThrottle.js';
import type { ProgressCallback } from '../types.js';
import { runPool } from '../util/runPool.js';
import type { LocalFile, ScannedLocalFile } from './LocalFile.js';
import type { ScanCache } from './ScanCache.js';
import { scanLocalFile } from './scanLocalFile.js';

/**
 * Scans files, taking unchanged ones from the scan cache, reading the rest with
 * bounded parallelism (hashing is on this thread; the parallelism hides file
 * open and read latency). Results come back in input order.
 */
export async function scanFiles(
  files: readonly LocalFile[],
  cache: ScanCache,
  concurrency: number,
  onProgress: ProgressCallback | undefined,
): Promise<{ files: ScannedLocalFile[]; bytesRead: number; filesRead: number }> {
  await cache.load();
  let bytesTotal = 0;
  for (const f of files) bytesTotal += f.identity.size;
  const progress = new ProgressThrottle(onProgress, 'scan', bytesTotal, files.length);
  const out: ScannedLocalFile[] = new Array(files.length);
  const toRead: number[] = [];
  files.forEach((f, i) => {
    const hit = cache.lookup(f.abs, f.identity);
    if (hit) {
      out[i] = { ...f, scan: hit };
      progress.add(f.identity.size, 1);
    } else toRead.push(i);
  });
  let bytesRead = 0;
  await runPool(toRead, concurrency, async (i) => {
    const f = files[i]!;
    const { identity, scan, readStartMs } = await scanLocalFile(f.abs);
    cache.record(f.abs, identity, scan, readStartMs);
    out[i] = { ...f, identity, scan };
    bytesRead += scan.size;
    progress.add(scan.size, 1);
  });
  await cache.flush();
  progress.finish();
  return { files: out, bytesRead, filesRead: toRead.length };
}
