import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createHasher, DestinationConflictError, type DestinationConflict, type TreeEntry } from '@arca/store/pure';
import type { FileCache } from '../cache/FileCache.js';

const READ_SIZE = 4 * 1024 * 1024;

/**
 * Looks at what the target folder already holds where a download will write,
 * before anything is written. Returns the indices of entries whose file is
 * already there with the right content (nothing to fetch or write). Throws
 * DestinationConflict, listing every problem, when the download would:
 * - replace a folder with a file, or pass through a file or a symlink where it
 *   needs a folder;
 * - replace a file whose content Arca holds nowhere else, such as a pulled file
 *   edited since, unless `overwrite`. A file whose content is in the local
 *   cache (an earlier pull of another version) is replaced without asking, as
 *   `git checkout` replaces tracked files.
 * Reference entries that the pull will fetch are looked at the same way (a
 * file with the content their checksum names counts as pulled); they are
 * never in place, since their bytes are fetched and checked again.
 */
export async function inspectDestinations(
  dir: string,
  entries: readonly TreeEntry[],
  opts: { cache: FileCache; overwrite: boolean },
): Promise<Set<number>> {
  const inPlace = new Set<number>();
  const rootKind = await kindOf(dir, stat);
  if (rootKind === 'absent') return inPlace;
  if (rootKind !== 'folder') throw new DestinationConflictError(dir, [{ path: '', reason: `is a ${rootKind}, not a folder` }]);

  const conflicts: DestinationConflict[] = [];
  // Parent folders already looked at: their problem, or null when they are fine (or absent).
  const parents = new Map<string, string | null>();
  for (const [i, e] of entries.entries()) {
    const segments = e.path.split('/');
    let problem: string | null = null;
    let below = dir;
    for (const [depth, seg] of segments.slice(0, -1).entries()) {
      below = join(below, seg);
      let known = parents.get(below);
      if (known === undefined) {
        const kind = await kindOf(below, lstat);
        known = kind === 'folder' || kind === 'absent' ? null : `${segments.slice(0, depth + 1).join('/')} is a ${kind} in the target folder, where a folder must go`;
        parents.set(below, known);
        // Nothing below an absent folder exists either.
        if (kind === 'absent') break;
      }
      if (known !== null) {
        problem = known;
        break;
      }
    }
    if (problem !== null) {
      conflicts.push({ path: e.path, reason: problem });
      continue;
    }
    const dest = join(dir, ...segments);
    const kind = await kindOf(dest, lstat);
    if (kind === 'absent') continue;
    if (kind === 'folder') {
      conflicts.push({ path: e.path, reason: 'is a folder in the target folder' });
      continue;
    }
    if (kind !== 'file') {
      if (!opts.overwrite) conflicts.push({ path: e.path, reason: `is a ${kind} in the target folder (--force replaces it)` });
      continue;
    }
    const sha256 = e.kind === 'reference' && e.checksum?.startsWith('sha256:') === true;
    const hashed = await hashFile(dest, sha256);
    const digest = hashed.b3;
    if (e.kind === 'reference') {
      if (e.checksum === digest || e.checksum === hashed.sha256) continue;
    } else if (digest === e.digest) {
      inPlace.add(i);
      continue;
    }
    if (!opts.overwrite && !existsSync(opts.cache.pathOf(digest))) {
      conflicts.push({ path: e.path, reason: 'exists with content that is in no version pulled here (--force replaces it)' });
    }
  }
  if (conflicts.length > 0) throw new DestinationConflictError(dir, conflicts);
  return inPlace;
}

type Kind = 'absent' | 'folder' | 'file' | 'symlink' | 'special file';

async function kindOf(path: string, how: typeof lstat): Promise<Kind> {
  try {
    const st = await how(path);
    return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'special file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a folder on the way should be; its own check names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'absent';
    throw err;
  }
}

async function hashFile(path: string, withSha256: boolean): Promise<{ b3: string; sha256?: string }> {
  const fh = await open(path, 'r');
  try {
    const h = createHasher();
    const sha = withSha256 ? createHash('sha256') : undefined;
    const buf = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      sha?.update(buf.subarray(0, bytesRead));
    }
    return { b3: h.digest(), ...(sha ? { sha256: `sha256:${sha.digest('hex')}` } : {}) };
  } finally {
    await fh.close();
  }
}
