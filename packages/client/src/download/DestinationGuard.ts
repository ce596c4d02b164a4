import { lstat, mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { InvalidPathError, validateArtifactPath } from '@arca/store/pure';
import { removeStaleTemps } from './removeStaleTemps.js';

/**
 * Maps artifact paths to destinations inside one target folder and refuses any
 * that would leave it. The tree was validated when it was parsed; this checks
 * again on the real filesystem: the resolved destination must stay under the
 * target, and no parent folder on the way may be a symlink (which could point
 * anywhere). Parent folders are created one level at a time, never through a
 * link, and each is checked once per download. A folder that was there
 * already is cleared of the temp files a killed pull left in it, and its
 * partial files go to `reclaim` (removeStaleTemps).
 */
export class DestinationGuard {
  private readonly checked = new Set<string>();

  private constructor(
    readonly root: string,
    private readonly reclaim: ((file: string, digest: string) => Promise<void>) | undefined,
  ) {}

  static async open(dir: string, reclaim?: (file: string, digest: string) => Promise<void>): Promise<DestinationGuard> {
    await mkdir(dir, { recursive: true });
    const root = await realpath(dir);
    await removeStaleTemps(root, reclaim);
    return new DestinationGuard(root, reclaim);
  }

  async prepare(path: string): Promise<string> {
    validateArtifactPath(path);
    const segments = path.split('/');
    const dest = join(this.root, ...segments);
    const rel = relative(this.root, dest);
    if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
      throw new InvalidPathError(path, 'would be written outside the target folder');
    }
    let cur = this.root;
    for (const seg of segments.slice(0, -1)) {
      cur = join(cur, seg);
      if (this.checked.has(cur)) continue;
      let existed = false;
      try {
        await mkdir(cur);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        existed = true;
      }
      const st = await lstat(cur);
      if (st.isSymbolicLink()) throw new InvalidPathError(path, `${relative(this.root, cur)} in the target folder is a symlink`);
      if (!st.isDirectory()) throw new InvalidPathError(path, `${relative(this.root, cur)} in the target folder is not a folder`);
      if (existed) await removeStaleTemps(cur, this.reclaim);
      this.checked.add(cur);
    }
    return dest;
  }
}
