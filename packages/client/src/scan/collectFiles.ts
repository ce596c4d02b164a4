import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InvalidPathError, validateArtifactPath } from '@arca/store/pure';
import { Yielder } from '../util/Yielder.js';
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
 * The walk uses synchronous calls (see Yielder for why).
 */
export async function collectFiles(paths: readonly string[]): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const yielder = new Yielder();
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs, { bigint: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InvalidPathError(p, code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : `cannot read: ${code ?? String(err)}`);
    }
    if (st.isFile()) {
      const path = basename(abs);
      validateArtifactPath(path);
      out.push({ abs, path, identity: identityOf(st) });
    } else if (st.isDirectory()) {
      const root = realpathSync(abs);
      await walk(root, root, [], [root], out, yielder);
    } else {
      throw new InvalidPathError(p, 'not a regular file or directory');
    }
  }
  return out;
}

async function walk(root: string, dir: string, prefix: string[], stack: string[], out: LocalFile[], yielder: Yielder): Promise<void> {
  const subdirs: [string, string[]][] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    await yielder.maybeYield();
    const segments = [...prefix, ent.name];
    const path = segments.join('/');
    const full = join(dir, ent.name);
    // readdir decodes names as UTF-8, bad bytes as U+FFFD: such a name cannot be opened, nor stored as a path.
    if (ent.name.includes('\uFFFD') && !lstatSync(full, { throwIfNoEntry: false })) throw new InvalidPathError(path, 'the file name is not valid UTF-8');
    validateArtifactPath(path);
    if (ent.isDirectory()) {
      subdirs.push([full, segments]);
    } else if (ent.isFile()) {
      out.push({ abs: full, path, identity: identityOf(lstatSync(full, { bigint: true })) });
    } else if (ent.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(full);
      } catch {
        throw new InvalidPathError(path, 'dangling symlink');
      }
      if (!inside(root, target)) throw new InvalidPathError(path, 'symlink leads outside the logged directory');
      const st = statSync(target, { bigint: true });
      if (st.isFile()) out.push({ abs: target, path, identity: identityOf(st) });
      else if (st.isDirectory()) {
        if (stack.includes(target)) throw new InvalidPathError(path, 'symlink to an enclosing folder (a cycle)');
        subdirs.push([target, segments]);
      } else throw new InvalidPathError(path, 'symlink to something that is not a file or folder');
    } else {
      throw new InvalidPathError(path, 'not a regular file or directory');
    }
  }
  for (const [full, segments] of subdirs) await walk(root, full, segments, [...stack, full], out, yielder);
}
