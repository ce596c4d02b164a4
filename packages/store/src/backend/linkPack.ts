import { link } from 'node:fs/promises';
import { join } from 'node:path';

/** How many other names a pack whose name is taken by different bytes may try. */
const MAX_ALTERNATE_NAMES = 100;

/**
 * Links the finished pack at `tmpPath` into `packsDir` as `<name>.pack`, or as the
 * first `<name>-<n>.pack` that is free or already holds these very bytes (`same`
 * compares a taken file with the new one); returns the name used. Nothing is
 * ever overwritten. See writePack for why a taken name is compared at all.
 */
export async function linkPack(tmpPath: string, packsDir: string, name: string, same: (path: string) => Promise<boolean>): Promise<string> {
  for (let n = 0; n <= MAX_ALTERNATE_NAMES; n++) {
    const candidate = n === 0 ? name : `${name}-${n}`;
    const path = join(packsDir, `${candidate}.pack`);
    try {
      await link(tmpPath, path);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await same(path)) return candidate;
  }
  throw new Error(`pack ${name}: ${MAX_ALTERNATE_NAMES} other names taken by different bytes`);
}
