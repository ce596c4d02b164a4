import { describe, expect, it } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';
import { hashBytes } from '../digest/hashBytes.js';
import { buildTree } from './buildTree.js';
import { compareUtf8 } from './compareUtf8.js';
import type { TreeEntry } from './TreeObject.js';
import { errorOf } from '../testing/errorOf.js';

const EMPTY = 'b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';
const A = 'b3:17762fddd969a453925d65717ac3eea21320b66b54342fde15128d6caf21215f'; // BLAKE3("a")

const file = (path: string, digest = EMPTY, size = 0): TreeEntry => ({ path, size, digest });

describe('buildTree', () => {
  it('pins the encoding and digest of a small tree', () => {
    expect(hashBytes(Buffer.from('a'))).toBe(A);
    const built = buildTree([file('z.txt'), file('dir/a.bin', A, 1)]);
    expect(built.bytes.toString('utf8')).toBe(
      'arca-tree 238\0{"entries":[' +
        `{"digest":"${A}","path":"dir/a.bin","size":1},` +
        `{"digest":"${EMPTY}","path":"z.txt","size":0}` +
        '],"format":1}',
    );
    expect(built.digest).toBe('b3:e08515f3a539ca65b7d83810ea318e99a2b93aa2d80fb31f2fb266c85bc9a070');
    expect(built.digest).toBe(hashBytes(built.bytes));
    expect(built.tree).toEqual({ format: 1, entries: [file('dir/a.bin', A, 1), file('z.txt')] });
  });

  it('pins the encoding of a chunked file', () => {
    const built = buildTree([{ path: 'w.bin', size: 3, digest: EMPTY, chunks: [{ digest: A, size: 1 }, { digest: EMPTY, size: 2 }] }]);
    expect(built.digest).toBe('b3:e61ce524ae0ec2e3e8d7462c913be5dac5f4c65ac55a4d6bc459e5e57fc3c0ac');
  });

  it('gives the same digest whatever order the entries come in', () => {
    const entries = ['b', 'a/x', 'a/y/z', 'A', 'é', '\u{1f600}', '\uff61', 'a b', 'a-b', 'a.b'].map((p, i) =>
      file(p, i % 2 ? A : EMPTY, i % 2),
    );
    const digest = buildTree(entries).digest;
    const orders = [entries.slice().reverse(), [...entries.slice(5), ...entries.slice(0, 5)], entries.slice().sort(() => 0)];
    // a fixed pseudo-random shuffle
    const shuffled = entries.slice();
    for (let i = shuffled.length - 1, x = 7; i > 0; i--) {
      x = (x * 1103515245 + 12345) >>> 0;
      const j = x % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    orders.push(shuffled);
    for (const o of orders) expect(buildTree(o).digest).toBe(digest);
  });

  it('sorts entries by the UTF-8 bytes of their paths', () => {
    const { tree } = buildTree([file('\uff61'), file('\u{1f600}'), file('b'), file('B'), file('a/b'), file('a-b')]);
    // UTF-8: "-" 2D < "/" 2F; U+FF61 is EF BD A1, U+1F600 is F0 9F 98 80 (UTF-16 would order them the other way)
    expect(tree.entries.map((e) => e.path)).toEqual(['B', 'a-b', 'a/b', 'b', '\uff61', '\u{1f600}']);
    expect(compareUtf8('\uff61', '\u{1f600}')).toBeLessThan(0);
  });

  it('drops unknown fields and a single-chunk list', () => {
    const extra = { path: 'f', size: 1, digest: A, chunks: [{ digest: A, size: 1 }], mode: 0o755 } as TreeEntry;
    const built = buildTree([extra]);
    expect(built.tree.entries).toEqual([file('f', A, 1)]);
    expect(built.digest).toBe(buildTree([file('f', A, 1)]).digest);
  });

  it('accepts an empty tree', () => {
    expect(buildTree([]).bytes.toString('utf8')).toBe('arca-tree 25\0{"entries":[],"format":1}');
  });

  it('refuses the same path twice', () => {
    const e = errorOf(() => buildTree([file('x/y'), file('a'), file('x/y', A, 1)]));
    expect(e.code).toBe('InvalidPath');
    expect(e.data.path).toBe('x/y');
  });

  it('refuses two paths equal under Unicode normalization (café composed and decomposed)', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(composed).not.toBe(decomposed);
    for (const entries of [
      [file(composed), file(decomposed)],
      [file(decomposed), file(composed)],
      [file(`d/${composed}.txt`), file(`d/${decomposed}.txt`)],
    ]) {
      const e = errorOf(() => buildTree(entries));
      expect(e.code).toBe('InvalidPath');
      expect([composed, decomposed, `d/${composed}.txt`, `d/${decomposed}.txt`]).toContain(e.data.path);
    }
  });

  it('refuses a path that is both a file and a folder', () => {
    for (const [entries, path] of [
      [[file('a'), file('a/b')], 'a/b'],
      [[file('a/b/c'), file('a/b')], 'a/b/c'],
      [[file('x/a'), file('x/a/b/c/d')], 'x/a/b/c/d'],
      [[file('caf\u00e9'), file('cafe\u0301/x')], 'cafe\u0301/x'],
      // names that sort between a file and what lies under it
      [[file('a'), file('a-x'), file('a.d/e'), file('a\u00e9'), file('a/b')], 'a/b'],
      [[file('x/a'), file('x/a!'), file('x/a/b/c')], 'x/a/b/c'],
    ] as const) {
      const e = errorOf(() => buildTree(entries));
      expect(e.code).toBe('InvalidPath');
      expect(e.data.path).toBe(path);
    }
    // a common prefix that is not a whole segment is fine
    expect(() => buildTree([file('a'), file('ab/c'), file('a.d/e')])).not.toThrow();
  });

  it('refuses unsafe paths', () => {
    for (const path of ['/abs', '../up', 'a/../b', 'a//b', 'a\\b', '']) {
      const e = errorOf(() => buildTree([file(path)]));
      expect(e.code).toBe('InvalidPath');
      expect(e.data.path).toBe(path);
    }
  });

  it('refuses chunk lists whose sizes do not add up to the size', () => {
    const e = errorOf(() =>
      buildTree([{ path: 'big', size: 10, digest: EMPTY, chunks: [{ digest: A, size: 4 }, { digest: A, size: 5 }] }]),
    );
    expect(e.code).toBe('InvalidArgument');
    expect(e.data.argument).toBe('chunks');
  });

  it.each([
    ['a zero-size chunk', [{ digest: A, size: 0 }, { digest: A, size: 3 }]],
    ['a negative chunk size', [{ digest: A, size: -1 }, { digest: A, size: 4 }]],
    ['a fractional chunk size', [{ digest: A, size: 1.5 }, { digest: A, size: 1.5 }]],
    ['a malformed chunk digest', [{ digest: 'b3:abc', size: 1 }, { digest: A, size: 2 }]],
  ])('refuses %s', (_what, chunks) => {
    const e = errorOf(() => buildTree([{ path: 'f', size: 3, digest: EMPTY, chunks }]));
    expect(e.code).toBe('InvalidArgument');
    expect(e.data.argument).toBe('chunks');
  });

  it('refuses a single chunk whose digest is not the file digest', () => {
    const e = errorOf(() => buildTree([{ path: 'f', size: 1, digest: EMPTY, chunks: [{ digest: A, size: 1 }] }]));
    expect(e.code).toBe('DigestMismatch');
    expect(e.data).toMatchObject({ expected: EMPTY, actual: A });
  });

  it.each([
    ['a negative size', { path: 'f', size: -1, digest: EMPTY }, 'size'],
    ['a fractional size', { path: 'f', size: 0.5, digest: EMPTY }, 'size'],
    ['a string size', { path: 'f', size: '1', digest: EMPTY }, 'size'],
    ['an unsafe integer size', { path: 'f', size: 2 ** 53, digest: EMPTY }, 'size'],
    ['a short digest', { path: 'f', size: 0, digest: 'b3:af13' }, 'digest'],
    ['an uppercase digest', { path: 'f', size: 0, digest: EMPTY.toUpperCase() }, 'digest'],
  ])('refuses %s', (_what, entry, argument) => {
    const e = errorOf(() => buildTree([entry as unknown as TreeEntry]));
    expect(e.code).toBe('InvalidArgument');
    expect(e.data.argument).toBe(argument);
  });
});
