import { createHash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createHasher, ReferenceMismatchError, type ReferenceEntry } from '@arca/store/pure';
import type { FileCache } from '../cache/FileCache.js';
import { activeTempPrefixes } from '../download/activeTempPrefixes.js';
import type { DestinationGuard } from '../download/DestinationGuard.js';
import { pullRunId } from '../download/pullRunId.js';
import { openReference } from './openReference.js';

export interface SkippedReference {
  path: string;
  uri: string;
  reason: string;
}

export function isFetchable(e: ReferenceEntry): boolean {
  const scheme = e.uri.slice(0, e.uri.indexOf(':'));
  return scheme === 'file' || scheme === 'http' || scheme === 'https';
}

/**
 * Fetches the file and http(s) references of a download (decision 013): each
 * is streamed into a temp file beside its destination while its size and
 * checksum are computed, and renamed into place only when size, checksum (and,
 * with no checksum recorded, the ETag) match what was logged. A mismatch is
 * ReferenceMismatch and leaves no file behind. S3 references are not fetched:
 * they come back in `skipped` with the reason. A fetched file enters `cache`
 * (by its BLAKE3), so that a later pull into the folder knows it was pulled
 * (inspectDestinations).
 */
export async function fetchReferences(
  refs: readonly ReferenceEntry[],
  guard: DestinationGuard,
  opts: { ca?: string | Buffer; onBytes?: (n: number) => void; cache?: FileCache },
): Promise<{ bytesFetched: number; skipped: SkippedReference[] }> {
  let bytesFetched = 0;
  const skipped: SkippedReference[] = [];
  for (const e of refs) {
    if (!isFetchable(e)) {
      skipped.push({ path: e.path, uri: e.uri, reason: 'an s3 reference is recorded, not fetched: that needs the bucket\'s credentials' });
      continue;
    }
    const dest = await guard.prepare(e.path);
    // Named like downloadTree's temp files (pid, random prefix, counter), so that the
    // next pull removes it if this process is killed mid-fetch (removeStaleTemps).
    const prefix = `.arca-tmp-${pullRunId()}`;
    const temp = join(dirname(dest), `${prefix}0`);
    // Opened before the prefix is registered: a source that fails to open leaves nothing to unregister.
    const source = await openReference(e, opts.ca !== undefined ? { ca: opts.ca } : {});
    activeTempPrefixes.add(prefix);
    const algo = e.checksum?.startsWith('sha256:') ? 'sha256' : 'b3';
    const sha = algo === 'sha256' ? createHash('sha256') : undefined;
    const b3 = createHasher();
    let size = 0;
    let fh: FileHandle | undefined;
    try {
      fh = await open(temp, 'wx');
      for await (const piece of source.body) {
        size += piece.length;
        // Stop early on an oversized body rather than filling the disk.
        if (size > e.size) throw new ReferenceMismatchError(e.path, e.uri, 'size', String(e.size), `more than ${e.size}`);
        sha?.update(piece);
        b3.update(piece);
        await fh.write(piece);
        opts.onBytes?.(piece.length);
      }
      await fh.sync();
      await fh.close();
      if (size !== e.size) throw new ReferenceMismatchError(e.path, e.uri, 'size', String(e.size), String(size));
      const b3Digest = b3.digest();
      if (e.checksum !== undefined) {
        const actual = sha ? `sha256:${sha.digest('hex')}` : b3Digest;
        if (actual !== e.checksum) throw new ReferenceMismatchError(e.path, e.uri, 'checksum', e.checksum, actual);
      } else if (e.etag !== undefined && source.etag !== e.etag) {
        throw new ReferenceMismatchError(e.path, e.uri, 'etag', e.etag, source.etag ?? '(none)');
      }
      await rename(temp, dest);
      await opts.cache?.adopt(dest, b3Digest);
      bytesFetched += size;
    } catch (err) {
      source.close();
      if (fh !== undefined) {
        await fh.close().catch(() => {});
        await unlink(temp).catch(() => {});
      }
      throw err;
    } finally {
      activeTempPrefixes.delete(prefix);
    }
  }
  return { bytesFetched, skipped };
}
