// `arca log --from` (a draft of an existing version) and `arca pull --path`
// (partial pull), run as users run them: the built binary against a real server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, randomFile, serverStats, snapshot, useArca, writeTree } from './harness.js';

const setup = useArca();

describe('arca log --from', () => {
  it('adds, replaces and removes files, keeps the rest by digest and merges metadata', async () => {
    const { root, server, arca } = await setup();
    writeTree(join(root, 'v0'), { 'config.json': '{"lr":1}', 'old/a.txt': 'a', 'old/b.txt': 'b' });
    randomFile(join(root, 'v0', 'weights.bin'), 4 * 1024 * 1024);
    expect((await arca('log', 'e/p/m', 'v0', '--type', 'model', '--metadata', 'acc=0.5', '--metadata', 'epochs=1')).code).toBe(0);
    writeTree(join(root, 'new'), { 'config.json': '{"lr":2}', 'notes/n.md': '# n' });
    const before = await serverStats(server.url);

    const r = await arca('log', 'e/p/m', '--from', 'e/p/m:latest', '--add', 'new/config.json', '--add', 'new/notes=docs', '--remove', 'old', '--metadata', 'acc=0.7', '--alias', 'best');
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.created).toBe(true);
    expect(out.version).toMatchObject({ version: 'v1', type: 'model', metadata: { acc: 0.7, epochs: 1 }, aliases: ['best', 'latest'] });
    expect(out.files.map((f: { path: string }) => f.path)).toEqual(['config.json', 'docs/n.md', 'weights.bin']);
    expect(out.bytesUploaded).toBeLessThan(4096);
    // Two small files, the tree and the version object: the 4 MiB file was not sent again.
    expect((await serverStats(server.url)).objects - before.objects).toBe(4);

    const pulled = await arca('pull', 'e/p/m:v1', 'out');
    expect(pulled.code).toBe(0);
    expect(Object.keys(snapshot(join(root, 'out'))).sort()).toEqual(['config.json', 'docs/n.md', 'weights.bin']);
  });

  it('a draft equal to an existing version says the metadata and description given were not applied, as a plain log does', async () => {
    const { root, arca } = await setup();
    writeTree(join(root, 'v0'), { 'a.txt': 'a' });
    writeTree(root, { 'b.txt': 'b' });
    await arca('log', 'e/p/m', 'v0', '--type', 'model', '--metadata', 'acc=0.5');
    expect((await arca('log', 'e/p/m', '--from', 'e/p/m:v0', '--add', 'b.txt')).json().version.version).toBe('v1');

    // The same draft again: v1 already holds that content.
    const r = await arca('log', 'e/p/m', '--from', 'e/p/m:v0', '--add', 'b.txt', '--metadata', 'acc=0.9', '--description', 'retrained');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ created: false, version: { version: 'v1', metadata: { acc: 0.5 }, description: '' }, notApplied: ['metadata', 'description'] });
    // Nothing given: nothing to report.
    expect((await arca('log', 'e/p/m', '--from', 'e/p/m:v0', '--add', 'b.txt')).json().notApplied).toBeUndefined();
  });

  it('bad drafts exit non-zero with a typed error and log nothing', async () => {
    const { root, arca } = await setup();
    writeTree(join(root, 'v0'), { 'a.txt': 'a' });
    await arca('log', 'e/p/m', 'v0', '--type', 'model');
    const cases: [string[], number, string][] = [
      [['log', 'e/p/m', '--from', 'e/p/m', '--remove', 'nope'], 1, 'NotFound'],
      [['log', 'e/p/other', '--from', 'e/p/m', '--add', 'v0/a.txt=b.txt'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', '--from', 'e/p/m', '--type', 'dataset', '--add', 'v0/a.txt=b.txt'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', '--from', 'e/p/m', '--add', '=x'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', '--from', 'e/p/m', '--add', 'v0/a.txt=../x'], 1, 'InvalidPath'],
      [['log', 'e/p/m', '--from', 'e/p/m', '--add', 'no-such-file'], 1, 'InvalidPath'],
      [['log', 'e/p/m', '--from', 'e/p/m:v9', '--add', 'v0/a.txt=b.txt'], 1, 'NotFound'],
      [['log', 'e/p/m', 'v0', '--from', 'e/p/m'], 2, 'Usage'],
      [['log', 'e/p/m', '--add', 'v0/a.txt', '--type', 'model'], 2, 'Usage'],
      [['log', 'e/p/m', '--type', 'model'], 2, 'Usage'],
    ];
    for (const [args, code, errCode] of cases) {
      const r = await arca(...args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), code]);
      expect([args.join(' '), errorOf(r).code]).toEqual([args.join(' '), errCode]);
    }
    expect((await arca('ls', 'e/p/m')).json().versions).toHaveLength(1);
  }, 180_000);
});

describe('arca pull --path', () => {
  it('pulls only the files under the prefixes; a prefix matching nothing is NotFound and writes nothing', async () => {
    const { root, arca } = await setup();
    writeTree(join(root, 'ds'), { 'train/a.png': 'a', 'train/b.png': 'b', 'test/c.png': 'c', 'train-extra/d.png': 'd', 'index.csv': 'i' });
    await arca('log', 'e/p/ds', 'ds', '--type', 'dataset');
    const r = await arca('pull', 'e/p/ds', 'out', '--path', 'train', '--path', 'index.csv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().files.map((f: { path: string }) => f.path)).toEqual(['index.csv', 'train/a.png', 'train/b.png']);
    expect(Object.keys(snapshot(join(root, 'out'))).sort()).toEqual(['index.csv', 'train/a.png', 'train/b.png']);

    const none = await arca('pull', 'e/p/ds', 'out2', '--path', 'train', '--path', 'valid');
    expect(none.code).toBe(1);
    expect(errorOf(none)).toMatchObject({ code: 'NotFound', data: { kind: 'path', name: 'valid' } });
    expect(existsSync(join(root, 'out2'))).toBe(false);
  });
});
