import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '@arca/store/pure';
import { activeTempPrefixes } from './activeTempPrefixes.js';

/** `.arca-tmp-<pid>-<16 hex>-<counter>`: what downloadTree names a file before its rename into place. */
const TEMP_NAME = /^(\.arca-tmp-(\d{1,10})-[0-9a-f]{16}-)[0-9a-z]+$/;
/** `.arca-part-<pid>-<16 hex>-<counter>-<64 hex digest>`: a multi-chunk file being assembled. */
const PART_NAME = /^(\.arca-part-(\d{1,10})-[0-9a-f]{16}-)[0-9a-z]+-([0-9a-f]{64})$/;

/**
 * Clears `folder` of what a killed pull left in it: names with the pid of a
 * process that is gone, or with our own pid and a prefix no download in this
 * process uses. Temp files are removed. A partial file is handed to `reclaim`
 * with the digest of the file it was becoming (its verified chunks are worth
 * keeping: the download cache resumes from them); without `reclaim` it is
 * left. Files of a pull still running in another process are left alone.
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
    const pid = Number(m[2]);
    const stale = pid === process.pid ? !activeTempPrefixes.has(m[1]!) : !isProcessAlive(pid);
    if (!stale) continue;
    try {
      if (part) await reclaim!(join(folder, name), `b3:${part[3]}`);
      else await unlink(join(folder, name));
      removed++;
    } catch {
      // gone already (another pull cleaned it), or not ours to remove after all
    }
  }
  return removed;
}
