import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '@arca/store/pure';
import { activeTempPrefixes } from './activeTempPrefixes.js';
import { namespaceTag } from '../util/namespaceTag.js';

/** `.arca-tmp-<pid>[@<tag>]-<16 hex>-<counter>`: what a pull names a file before its rename into place (names without the tag come from earlier versions). */
const TEMP_NAME = /^(\.arca-tmp-(\d{1,10})(?:@([0-9a-f]{8}))?-[0-9a-f]{16}-)[0-9a-z]+$/;
/** `.arca-part-<pid>[@<tag>]-<16 hex>-<counter>-<64 hex digest>`: a multi-chunk file being assembled. */
const PART_NAME = /^(\.arca-part-(\d{1,10})(?:@([0-9a-f]{8}))?-[0-9a-f]{16}-)[0-9a-z]+-([0-9a-f]{64})$/;
/**
 * A file of a pull in another process namespace (another container sharing the
 * folder), whose pid means nothing here, counts as left behind once it has not
 * been written for this long. A running pull writes its files continuously.
 */
export const FOREIGN_IDLE_MS = 60 * 60 * 1000;

/**
 * Clears `folder` of what a killed pull left in it. Left behind: names with the
 * pid of a process that is gone, or with our own pid and a prefix no download in
 * this process uses; for names from another process namespace (see
 * namespaceTag), files not written for FOREIGN_IDLE_MS. Temp files are removed.
 * A partial file is handed to `reclaim` with the digest of the file it was
 * becoming (its verified chunks are worth keeping: the download cache resumes
 * from them); without `reclaim` it is left. Only a plain file with no other
 * name is a partial: a pull writes into it, so a symlink or a hard link under
 * such a name (planted in a shared folder) would have it write outside the
 * target; those are left alone. Files of a pull still running are left alone.
 * Returns how many were removed or handed over.
 */
export async function removeStaleTemps(folder: string, reclaim?: (file: string, digest: string) => Promise<void>): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const part = PART_NAME.exec(name);
    const m = part ?? TEMP_NAME.exec(name);
    if (!m || (part && !reclaim)) continue;
    const path = join(folder, name);
    if (part) {
      const st = await lstat(path).catch(() => null);
      if (!st?.isFile() || st.nlink !== 1) continue;
    }
    if (!(await isLeftBehind(path, Number(m[2]), m[3], m[1]!))) continue;
    try {
      if (part) await reclaim!(path, `b3:${part[4]}`);
      else await unlink(path);
      removed++;
    } catch {
      // gone already (another pull cleaned it), or not ours to remove after all
    }
  }
  return removed;
}

async function isLeftBehind(path: string, pid: number, tag: string | undefined, prefix: string): Promise<boolean> {
  // A name without a tag (from an earlier version of Arca) is judged by its pid, as before.
  if (tag !== undefined && tag !== namespaceTag()) {
    const st = await lstat(path).catch(() => null);
    return st !== null && Date.now() - st.mtimeMs > FOREIGN_IDLE_MS;
  }
  return pid === process.pid ? !activeTempPrefixes.has(prefix) : !isProcessAlive(pid);
}
