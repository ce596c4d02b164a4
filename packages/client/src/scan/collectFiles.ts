import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InvalidPathError, validateArtifactPath } from '@arca/store';
import { identityOf } from './identityOf.js';
import type { LocalFile } from './LocalFile.js';

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/**
 * Expands the paths given to logArtifact into files. A file is added under its
 * base name; a directory adds every file below it under its path relative to the
 * directory. Inside a directory a symlink is followed only if its target stays
 * inside that directory (a link out would quietly publish files from elsewhere);
 * a link back to an enclosing folder is a cycle and refused. Every artifact path
 * is checked with the store's validator here, before anything is read or sent.
 */
export async function collectFiles(paths: readonly string[]): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = await stat(abs, { bigint: true });
    } catch (err) {
      throw new InvalidPathError(p, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (st.isFile()) {
      const path = basename(abs);
      validateArtifactPath(path);
      out.push({ abs, path, identity: identityOf(st) });
    } else if (st.isDirectory()) {
      const root = await realpath(abs);
      await walk(root, root, [], [root], out);
    } else {
      throw new InvalidPathError(p, 'not a regular file or directory');
    }
  }
  return out;
}

async function walk(root: string, dir: string, prefix: string[], stack: string[], out: LocalFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const subdirs: [string, string[], string][] = [];
  await Promise.all(
    entries.map(async (ent) => {
      const segments = [...prefix, ent.name];
      const path = segments.join('/');
      validateArtifactPath(path);
      const full = join(dir, ent.name);
      if (ent.isDirectory()) {
        subdirs.push([full, segments, full]);
      } else if (ent.isFile()) {
        out.push({ abs: full, path, identity: identityOf(await lstat(full, { bigint: true })) });
      } else if (ent.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(full);
        } catch {
          throw new InvalidPathError(path, 'dangling symlink');
        }
        if (!inside(root, target)) throw new InvalidPathError(path, 'symlink leads outside the logged directory');
        const st = await stat(target, { bigint: true });
        if (st.isFile()) out.push({ abs: target, path, identity: identityOf(st) });
        else if (st.isDirectory()) {
          if (stack.includes(target)) throw new InvalidPathError(path, 'symlink to an enclosing folder (a cycle)');
          subdirs.push([target, segments, target]);
        } else throw new InvalidPathError(path, 'symlink to something that is not a file or folder');
      } else {
        throw new InvalidPathError(path, 'not a regular file or directory');
      }
    }),
  );
  for (const [full, segments, real] of subdirs) await walk(root, full, segments, [...stack, real], out);
}
