import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '@arca/store/pure';
import { activeTempPrefixes } from './activeTempPrefixes.js';

/** `.arca-tmp-<pid>-<16 hex>-<counter>`: what downloadTree names a file before its rename into place. */
const TEMP_NAME = /^(\.arca-tmp-(\d{1,10})-[0-9a-f]{16}-)[0-9a-z]+$/;

/**
 * Removes the temp files a killed pull left in `folder` (a SIGKILL between
 * writing a file under its temp name and renaming it into place): names with
 * the pid of a process that is gone, or with our own pid and a prefix no
 * download in this process uses. Temp files of a pull still running in another
 * process are left alone. Returns how many were removed.
 */
export async function removeStaleTemps(folder: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    const stale = pid === process.pid ? !activeTempPrefixes.has(m[1]!) : !isProcessAlive(pid);
    if (!stale) continue;
    try {
      await unlink(join(folder, name));
      removed++;
    } catch {
      // gone already (another pull cleaned it), or not ours to remove after all
    }
  }
  return removed;
}
