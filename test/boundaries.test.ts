import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering of DESIGN.md, enforced: a lower layer never imports a higher one.
const allowed: Record<string, string[]> = {
  store: ['blake3-subtrees'],
  client: ['store'],
  server: ['store'],
  cli: ['store', 'client', 'server', 'operator'],
  operator: ['store', 'client'],
  'test-utils': ['server'],
  'k8s-testing': [],
};
// The client runs where there is no data directory: only the store's pure parts.
const clientMayNotUse = [
  'Store', 'RefDb', 'AccessDb', 'FsObjectStore', 'commitVersion', 'linkVersion', 'fsck',
  'createRegisteredModel', 'updateRegisteredModel', 'changeTags', 'deleteVersion', 'deleteCollection',
];

const root = join(import.meta.dirname, '..', 'packages');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('package boundaries', () => {
  for (const [pkg, deps] of Object.entries(allowed)) {
    it(`${pkg} imports only ${deps.length ? deps.join(', ') : 'no other package of ours'}`, () => {
      const offending: string[] = [];
      for (const file of sources(join(root, pkg, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/from '@arca\/([\w-]+)(?:\/[\w-]+)?'/g)) {
          if (!deps.includes(m[1]!)) offending.push(`${file}: @arca/${m[1]}`);
        }
        for (const m of text.matchAll(/from '(\.\.\/){2,}/g)) offending.push(`${file}: reaches outside its package (${m[0]})`);
      }
      expect(offending).toEqual([]);
    });
  }

  it('the client uses no storage-side part of the store', () => {
    const offending: string[] = [];
    for (const file of sources(join(root, 'client', 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/import \{([^}]*)\} from '@arca\/store(?:\/pure)?'/g)) {
        for (const name of m[1]!.split(',').map((s) => s.trim().replace(/^type\s+/, ''))) {
          if (clientMayNotUse.includes(name)) offending.push(`${file}: ${name}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('the client, and the CLI outside its data-directory commands, load the store only through @arca/store/pure', () => {
    // Loading the whole store (better-sqlite3, the commands) cost every `arca` invocation
    // ~130 ms before its first request; the pure entry leaves that to those who open a store.
    const offending: string[] = [];
    for (const pkg of ['client', 'cli']) {
      for (const file of sources(join(root, pkg, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/^import (?!type )[^;]*from '@arca\/store'/gm)) offending.push(`${file}: ${m[0]}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('loading the CLI (its commands, the client, the store\'s pure entry) loads no database driver (built dist)', () => {
    const script = `await import('./dist/main.js'); const { createRequire } = await import('node:module');
      const cache = createRequire(import.meta.url).cache; console.log(JSON.stringify(Object.keys(cache).filter((k) => k.includes('better-sqlite3'))));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(root, 'cli'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });

  it('index files export by name', () => {
    const offending = Object.keys(allowed).filter((pkg) => /export \*/.test(readFileSync(join(root, pkg, 'src', 'index.ts'), 'utf8')));
    expect(offending).toEqual([]);
  });
});
