// Every `arca` command's happy path, run as users run it: the built binary as a
// child process, `--json`, against a real server on a temp data dir.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../../packages/store/dist/index.js';
import { runCli, TEST_ADMIN_KEY } from '../../packages/test-utils/dist/index.js';
import { ageObjects, arcaWith, errorOf, randomFile, serverStats, snapshot, useArca, writeTree } from './harness.js';

const setup = useArca();

describe('arca log / show', () => {
  it('logs a folder with nested folders under relative paths, with aliases, typed metadata and a description', async () => {
    const { root, arca } = await setup('alice');
    writeTree(join(root, 'ds'), { 'a.txt': 'alpha\n', 'sub/b.txt': 'beta\n', 'sub/deep/c.txt': 'gamma\n' });
    writeFileSync(join(root, 'meta.json'), JSON.stringify({ from_file: 'yes', lr: 1, nested: { k: [1, 2] } }));
    const log = await arca(
      'log', 'acme/nature/ds', 'ds', '--type', 'raw_images', '--alias', 'best', '--alias', 'candidate',
      '--metadata', 'lr=0.001', '--metadata', 'epochs=3', '--metadata', 'ok=true', '--metadata', 'tags=["a","b"]',
      '--metadata', 'name=resnet-50', '--metadata', 'eq=a=b', '--metadata-file', 'meta.json',
      '--description', 'ten classes\nsecond line',
    );
    expect(log.code).toBe(0);
    const out = log.json();
    expect(out.created).toBe(true);
    expect(out.version.version).toBe('v0');
    expect(out.version.collection).toBe('acme/nature/ds');
    expect(out.version.type).toBe('raw_images');
    expect(out.version.digest).toMatch(/^b3:[0-9a-f]{64}$/);
    expect(out.version.aliases.sort()).toEqual(['best', 'candidate', 'latest']);
    expect(out.files.map((f: { path: string }) => f.path)).toEqual(['a.txt', 'sub/b.txt', 'sub/deep/c.txt']);
    expect(out.bytesTotal).toBe(6 + 5 + 6);

    const show = await arca('show', 'acme/nature/ds:v0');
    expect(show.code).toBe(0);
    const { version, files } = show.json();
    expect(version.digest).toBe(out.version.digest);
    expect(version.type).toBe('raw_images');
    expect(version.size).toBe(17);
    expect(version.fileCount).toBe(3);
    expect(version.actor).toBe('alice');
    expect(version.aliases.sort()).toEqual(['best', 'candidate', 'latest']);
    expect(version.description).toBe('ten classes\nsecond line');
    // --metadata values that parse as JSON are stored as JSON; they win over the file's.
    expect(version.metadata).toEqual({
      from_file: 'yes', nested: { k: [1, 2] }, lr: 0.001, epochs: 3, ok: true, tags: ['a', 'b'], name: 'resnet-50', eq: 'a=b',
    });
    expect(files.map((f: { path: string; size: number }) => [f.path, f.size])).toEqual([
      ['a.txt', 6], ['sub/b.txt', 5], ['sub/deep/c.txt', 6],
    ]);
    // The same version by alias and by digest prefix.
    expect((await arca('show', 'acme/nature/ds:best')).json().version.digest).toBe(version.digest);
    expect((await arca('show', `acme/nature/ds@${version.digest.slice(0, 15)}`)).json().version.version).toBe('v0');
  });

  it('logs a single file under its base name', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'out/model.onnx': 'weights' });
    const log = await arca('log', 'acme/nature/clf', 'out/model.onnx', '--type', 'model');
    expect(log.code).toBe(0);
    expect(log.json().files.map((f: { path: string }) => f.path)).toEqual(['model.onnx']);
    expect(log.json().version.aliases).toEqual(['latest']);
    expect(log.json().version.metadata).toEqual({});
    expect(log.json().version.description).toBe('');
  });

  it('exits as soon as its work is done (no open connection keeps the process alive)', async () => {
    const { root, arca } = await setup();
    randomFile(join(root, 'ckpt', 'model.bin'), 3 * 1024 * 1024); // uploaded by PUT
    writeTree(root, { 'ckpt/small.txt': 'batched' }); // uploaded in a batch
    const started = Date.now();
    const log = await arca('log', 'e/p/c', 'ckpt', '--type', 'model');
    expect(log.signal).toBeNull();
    expect(log.code, log.stderr).toBe(0);
    expect(log.json().objectsUploaded).toBeGreaterThanOrEqual(3);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a log to a server on this machine writes its objects through the staging folder; ARCA_LOCAL_WRITES=0 uploads them', async () => {
    const { root, env, arca } = await setup();
    randomFile(join(root, 'a', 'model.bin'), 3 * 1024 * 1024);
    randomFile(join(root, 'b', 'model.bin'), 3 * 1024 * 1024);
    const staged = (await arca('log', 'e/p/a', 'a', '--type', 'model')).json();
    expect(staged.bytesWrittenLocally).toBe(3 * 1024 * 1024);
    const uploaded = await arcaWith({ ...env, ARCA_LOCAL_WRITES: '0' }, root)('log', 'e/p/b', 'b', '--type', 'model');
    expect(uploaded.code, uploaded.stderr).toBe(0);
    expect([uploaded.json().bytesWrittenLocally, uploaded.json().bytesUploaded > 3 * 1024 * 1024]).toEqual([0, true]);
  });

  it('logging identical content again creates no version and moves the aliases to it', async () => {
    const { root, env, arca } = await setup();
    writeTree(root, { 'a/m.bin': 'one', 'b/m.bin': 'two' });
    const v0 = (await arca('log', 'e/p/c', 'a', '--type', 'model')).json();
    const v1 = (await arca('log', 'e/p/c', 'b', '--type', 'model', '--alias', 'best')).json();
    expect([v0.version.version, v1.version.version]).toEqual(['v0', 'v1']);
    const again = await arca('log', 'e/p/c', 'b', '--type', 'model', '--alias', 'again');
    expect(again.code).toBe(0);
    expect(again.json().created).toBe(false);
    expect(again.json().version.version).toBe('v1');
    expect(again.json().version.digest).toBe(v1.version.digest);
    expect(again.json().bytesUploaded).toBe(0);
    const ls = (await arca('ls', 'e/p/c')).json();
    expect(ls.versions.map((v: { version: string }) => v.version)).toEqual(['v0', 'v1']);
    expect((await arca('show', 'e/p/c:again')).json().version.version).toBe('v1');
    expect((await arca('show', 'e/p/c:best')).json().version.version).toBe('v1');

    // Content of an older version: no new version, and `latest` stays on v1 (decision 004),
    // which the text says, since W&B would have moved it.
    const older = await runCli(['log', 'e/p/c', 'a', '--type', 'model'], { env, cwd: root });
    expect(older.code).toBe(0);
    expect(older.stdout).toContain('unchanged, same content as e/p/c:v0');
    expect(older.stdout).toContain('  aliases: -\n');
    expect(older.stdout).toContain('latest not moved: it stays on the newest version (v0 is older)');
    expect((await arca('show', 'e/p/c:latest')).json().version.version).toBe('v1');
  });

  it('the same files give the same digest whatever the order of adding, as files or as their folder', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'd/a.txt': 'A', 'd/b.txt': 'B', 'd/z.txt': 'Z' });
    const abz = (await arca('log', 'e/p/x', 'd/a.txt', 'd/b.txt', 'd/z.txt', '--type', 't')).json();
    expect(abz.created).toBe(true);
    const zba = (await arca('log', 'e/p/x', 'd/z.txt', 'd/b.txt', 'd/a.txt', '--type', 't')).json();
    expect(zba.created).toBe(false);
    expect(zba.version.digest).toBe(abz.version.digest);
    const folder = (await arca('log', 'e/p/x', 'd', '--type', 't')).json();
    expect(folder.created).toBe(false);
    expect(folder.version.digest).toBe(abz.version.digest);
    // Another collection: another version digest, but the same tree.
    const y = (await arca('log', 'e/p/y', 'd/z.txt', 'd/a.txt', 'd/b.txt', '--type', 't')).json();
    expect(y.version.tree).toBe(abz.version.tree);
  });
});

describe('arca ls / diff', () => {
  it('lists the collections of a project and the versions of a collection', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'v0/f': '0', 'v1/f': '1', 'ds/x': 'x' });
    await arca('log', 'acme/nature/clf', 'v0', '--type', 'model');
    await arca('log', 'acme/nature/clf', 'v1', '--type', 'model', '--alias', 'best');
    await arca('log', 'acme/nature/data', 'ds', '--type', 'dataset');
    await arca('log', 'acme/other/elsewhere', 'ds', '--type', 'dataset');

    const project = await arca('ls', 'acme/nature');
    expect(project.code).toBe(0);
    const cols = project.json().collections as { collection: string; type: string; versionCount: number; latest: { version: string }; aliases: Record<string, string> }[];
    expect(cols.map((c) => c.collection).sort()).toEqual(['acme/nature/clf', 'acme/nature/data']);
    const clf = cols.find((c) => c.collection === 'acme/nature/clf')!;
    expect(clf).toMatchObject({ type: 'model', versionCount: 2, latest: { version: 'v1' }, aliases: { best: 'v1', latest: 'v1' } });

    const coll = await arca('ls', 'acme/nature/clf');
    expect(coll.code).toBe(0);
    const versions = coll.json().versions as { version: string; aliases: string[]; size: number }[];
    expect(versions.map((v) => [v.version, v.aliases.sort()])).toEqual([['v0', []], ['v1', ['best', 'latest']]]);
  });

  it('diff lists files added, removed and changed', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'a/keep.txt': 'same', 'a/gone.txt': 'bye', 'a/sub/edit.txt': 'old' });
    writeTree(root, { 'b/keep.txt': 'same', 'b/new.txt': 'hello', 'b/sub/edit.txt': 'newer' });
    const v0 = (await arca('log', 'e/p/c', 'a', '--type', 't', '--metadata', 'acc=0.8', '--metadata', 'lr=0.1', '--description', 'first')).json();
    const v1 = (await arca('log', 'e/p/c', 'b', '--type', 't', '--metadata', 'acc=0.9', '--metadata', 'epochs=3')).json();
    const diff = await arca('diff', 'e/p/c:v0', 'e/p/c:v1');
    expect(diff.code).toBe(0);
    const d = diff.json();
    expect(d.from).toEqual({ collection: 'e/p/c', version: 'v0', digest: v0.version.digest });
    expect(d.to).toEqual({ collection: 'e/p/c', version: 'v1', digest: v1.version.digest });
    expect(d.metadata).toEqual({ added: { epochs: 3 }, removed: { lr: 0.1 }, changed: { acc: { from: 0.8, to: 0.9 } } });
    expect(d.description).toEqual({ from: 'first', to: '' });
    expect(d.type).toBeUndefined();
    expect(d.added.map((e: { path: string }) => e.path)).toEqual(['new.txt']);
    expect(d.removed.map((e: { path: string }) => e.path)).toEqual(['gone.txt']);
    expect(d.changed.map((c: { path: string }) => c.path)).toEqual(['sub/edit.txt']);
    const byPath = (v: { files: { path: string; digest: string }[] }, p: string) => v.files.find((f) => f.path === p)!.digest;
    expect(d.changed[0].from.digest).toBe(byPath(v0, 'sub/edit.txt'));
    expect(d.changed[0].to.digest).toBe(byPath(v1, 'sub/edit.txt'));
    expect(d.changed[0].to.size).toBe(5);
    // Reversed, added and removed swap.
    const back = (await arca('diff', 'e/p/c:v1', 'e/p/c:v0')).json();
    expect(back.added.map((e: { path: string }) => e.path)).toEqual(['gone.txt']);
    expect(back.removed.map((e: { path: string }) => e.path)).toEqual(['new.txt']);
  });
});

describe('arca pull', () => {
  it('pulls by :alias, :vN, @b3:<prefix> and a registry ref into fresh folders, byte-identical', async () => {
    const { root, env, arca } = await setup();
    const src = writeTree(join(root, 'src'), { 'config.json': '{"layers": 50}', 'nested/deeper/labels.txt': 'cat\ndog\n', 'empty.txt': '' });
    randomFile(join(src, 'weights/model.bin'), 5 * 1024 * 1024 + 123); // several chunks
    const logged = (await arca('log', 'acme/nature/clf', 'src', '--type', 'model', '--alias', 'best')).json();
    const want = snapshot(src);
    expect(Object.keys(want).sort()).toEqual(['config.json', 'empty.txt', 'nested/deeper/labels.txt', 'weights/model.bin']);
    const link = await arca('link', 'acme/nature/clf:best', 'acme/model-registry/Nature Classifier', '--alias', 'production');
    expect(link.code).toBe(0);

    const refs = [
      'acme/nature/clf:best',
      'acme/nature/clf:v0',
      `acme/nature/clf@${logged.version.digest.slice(0, 15)}`,
      'acme/model-registry/Nature Classifier:production',
    ];
    const total = logged.bytesTotal;
    for (const [i, ref] of refs.entries()) {
      // A fresh cache for each pull, so each one really transfers; every other one over HTTP
      // instead of from the (local) server's files.
      const overHttp = i % 2 === 1;
      const pull = await arcaWith({ ...env, ARCA_CACHE_DIR: join(root, `cache-pull${i}`), ...(overHttp ? { ARCA_LOCAL_READS: '0' } : {}) }, root)('pull', ref, `out${i}`);
      expect(pull.code, pull.stderr).toBe(0);
      const out = pull.json();
      expect(out.version.digest).toBe(logged.version.digest);
      expect([out.bytesDownloaded, out.bytesReadLocally]).toEqual(overHttp ? [total, 0] : [0, total]);
      expect(out.dir).toBe(join(root, `out${i}`));
      expect(snapshot(join(root, `out${i}`))).toEqual(want);
    }
  });
});

describe('arca alias', () => {
  it('set (with and without --expect), rm, and log with old, new, actor, reason and time', async () => {
    const { root, arca } = await setup('carol');
    writeTree(root, { 'a/f': '0', 'b/f': '1', 'c/f': '2' });
    const v = [];
    for (const d of ['a', 'b', 'c']) v.push((await arca('log', 'e/p/m', d, '--type', 'model')).json().version);
    const before = Date.now();

    const set = await arca('alias', 'set', 'e/p/m:v0', 'staging', '--reason', 'first cut');
    expect(set.code).toBe(0);
    expect(set.json().version).toMatchObject({ version: 'v0', digest: v[0].digest });
    expect(set.json().version.aliases).toContain('staging');

    const cas = await arca('alias', 'set', 'e/p/m:v1', 'staging', '--expect', v[0].digest, '--reason', 'better');
    expect(cas.code).toBe(0);
    expect(cas.json().version.version).toBe('v1');
    // An alias may name the target too; `--expect none` creates only.
    const create = await arca('alias', 'set', 'e/p/m:staging', 'production', '--expect', 'none');
    expect(create.code).toBe(0);
    expect(create.json().version.version).toBe('v1');
    const byDigest = await arca('alias', 'set', `e/p/m@${v[2].digest.slice(0, 15)}`, 'staging');
    expect(byDigest.code).toBe(0);
    expect(byDigest.json().version.version).toBe('v2');

    const rm = await arca('alias', 'rm', 'e/p/m', 'production', '--reason', 'rolled back');
    expect(rm.code).toBe(0);
    expect(rm.json().removed).toEqual({ version: 'v1', digest: v[1].digest });
    expect((await arca('show', 'e/p/m:v1')).json().version.aliases).not.toContain('production');

    const log = await arca('alias', 'log', 'e/p/m');
    expect(log.code).toBe(0);
    const entries = (log.json().entries as { ref: string; old: { version: string; digest: string } | null; new: { version: string; digest: string } | null; actor: string; reason: string; time: string; seq: number }[])
      .filter((e) => e.ref !== 'aliases/latest');
    expect(entries.map((e) => [e.ref, e.old?.version ?? null, e.new?.version ?? null, e.actor, e.reason])).toEqual([
      ['aliases/staging', null, 'v0', 'carol', 'first cut'],
      ['aliases/staging', 'v0', 'v1', 'carol', 'better'],
      ['aliases/production', null, 'v1', 'carol', ''],
      ['aliases/staging', 'v1', 'v2', 'carol', ''],
      ['aliases/production', 'v1', null, 'carol', 'rolled back'],
    ]);
    expect(entries[1]!.old!.digest).toBe(v[0].digest);
    expect(entries[1]!.new!.digest).toBe(v[1].digest);
    for (const e of entries) {
      const t = Date.parse(e.time);
      expect(t).toBeGreaterThanOrEqual(before - 1000);
      expect(t).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
  });
});

describe('arca link', () => {
  it('links versions into the registry as v0, v1 of its own, by pointer: same digest, no new chunks', async () => {
    const { root, server, arca } = await setup();
    randomFile(join(root, 'e0/model.bin'), 3 * 1024 * 1024);
    randomFile(join(root, 'e1/model.bin'), 3 * 1024 * 1024);
    const v0 = (await arca('log', 'acme/nature/clf', 'e0', '--type', 'model')).json().version;
    const v1 = (await arca('log', 'acme/nature/clf', 'e1', '--type', 'model', '--alias', 'best')).json().version;
    const before = await serverStats(server.url);

    const l1 = await arca('link', 'acme/nature/clf:best', 'acme/model-registry/Nature Classifier', '--alias', 'staging', '--reason', 'val_acc 0.9');
    expect(l1.code).toBe(0);
    expect(l1.json().created).toBe(true);
    expect(l1.json().version).toMatchObject({
      collection: 'acme/model-registry/Nature Classifier', kind: 'registry', version: 'v0', digest: v1.digest,
      source: { collection: 'acme/nature/clf', version: 'v1', digest: v1.digest },
    });
    expect(l1.json().version.aliases.sort()).toEqual(['latest', 'staging']);
    const l0 = await arca('link', 'acme/nature/clf:v0', 'acme/model-registry/Nature Classifier');
    expect(l0.code).toBe(0);
    expect(l0.json().version).toMatchObject({ version: 'v1', digest: v0.digest, source: { version: 'v0' } });

    // Linking the same source again is not a new version; its aliases move.
    const again = await arca('link', 'acme/nature/clf:v1', 'acme/model-registry/Nature Classifier', '--alias', 'production');
    expect(again.code).toBe(0);
    expect(again.json().created).toBe(false);
    expect(again.json().version.version).toBe('v0');

    const resolved = await arca('show', 'acme/model-registry/Nature Classifier:production');
    expect(resolved.json().version.digest).toBe(v1.digest);
    const ls = (await arca('ls', 'acme/model-registry/Nature Classifier')).json().versions as { version: string; source: { version: string } }[];
    expect(ls.map((v) => [v.version, v.source.version])).toEqual([['v0', 'v1'], ['v1', 'v0']]);
    // The artifact's own numbering is untouched.
    expect((await arca('ls', 'acme/nature/clf')).json().versions).toHaveLength(2);

    // No chunk was copied: at most one small link object per new link.
    const after = await serverStats(server.url);
    expect(after.objects - before.objects).toBeLessThanOrEqual(2);
    expect(after.bytes - before.bytes).toBeLessThan(8 * 1024);
  });
});

describe('arca fsck', () => {
  it('finds a healthy data dir healthy (exit 0), counting what it checked', async () => {
    const { root, server, env } = await setup();
    const arca = arcaWith(env, root);
    writeTree(root, { 'a/x': 'x', 'b/y': 'y' });
    await arca('log', 'e/p/c', 'a', '--type', 't', '--alias', 'best');
    await arca('log', 'e/p/c', 'b', '--type', 't');
    await arca('link', 'e/p/c:best', 'e/model-registry/M', '--alias', 'production');
    const fsck = await arca('fsck', '--data', server.dataDir);
    expect(fsck.code).toBe(0);
    const report = fsck.json();
    expect(report).toMatchObject({ ok: true, versions: 3, corrupt: [], missing: [], brokenRefs: [] });
    // best, latest of e/p/c; latest, production of the registry model.
    expect(report.aliases).toBe(4);
    expect(report.objects).toBeGreaterThan(0);
    // $ARCA_DATA is the default data dir.
    const viaEnv = await runCliWithData(server.dataDir, root);
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.json().versions).toBe(3);
  });
});

async function runCliWithData(dataDir: string, cwd: string) {
  const { runCli } = await import('../../packages/test-utils/dist/index.js');
  return runCli(['fsck', '--json'], { env: { ARCA_DATA: dataDir }, cwd });
}

describe('arca gc', () => {
  it('through the server and on a data dir: dry run, then removal of what no version needs', async () => {
    const { root, server, arca } = await setup();
    writeTree(root, { 'a/x.txt': 'x'.repeat(100), 'b/y.txt': 'y'.repeat(100) });
    expect((await arca('log', 'e/p/keep', 'a', '--type', 't')).code).toBe(0);
    // An upload whose commit never came: objects without a version, dated two days back.
    const stray = Buffer.from('abandoned upload');
    expect((await fetch(`${server.url}/api/v1/objects/${hashBytes(stray)}`, { method: 'PUT', body: stray, headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } })).status).toBe(201);
    ageObjects(server.dataDir);

    const dry = await arca('gc', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, removedObjects: 1, removedBytes: stray.length, gracePeriodSeconds: 86400 });

    const young = await arca('gc', '--grace', '3d');
    expect(young.json()).toMatchObject({ dryRun: false, removedObjects: 0, youngObjects: 1, gracePeriodSeconds: 259200 });

    const local = await arca('gc', '--data', server.dataDir);
    expect(local.code).toBe(0);
    expect(local.json()).toMatchObject({ dryRun: false, removedObjects: 1 });
    expect((await arca('fsck', '--data', server.dataDir)).json().ok).toBe(true);
    expect((await arca('pull', 'e/p/keep:latest', 'out')).code).toBe(0);
  });

  it('refuses a malformed grace period with exit 2 and a grace shorter than an hour with exit 1', async () => {
    const { arca } = await setup();
    const bad = await arca('gc', '--grace', 'soon');
    expect(bad.code).toBe(2);
    expect(errorOf(bad)).toMatchObject({ code: 'Usage' });
    const short = await arca('gc', '--grace', '10m');
    expect(short.code).toBe(1);
    expect(errorOf(short)).toMatchObject({ code: 'InvalidArgument', data: { argument: 'gracePeriodSeconds' } });
  });
});

describe('arca retention', () => {
  it('log --ttl, retention set on a collection and a version, retention show', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'a/m.bin': 'epoch 1', 'b/m.bin': 'epoch 2' });
    expect((await arca('log', 'e/p/ckpt', 'a', '--type', 'model', '--ttl', '7d')).code).toBe(0);
    expect((await arca('log', 'e/p/ckpt', 'b', '--type', 'model')).code).toBe(0);

    const set = await arca('retention', 'set', 'e/p/ckpt', '30d');
    expect(set.code, set.stderr).toBe(0);
    expect(set.json()).toMatchObject({ collection: 'e/p/ckpt', defaultTtlSeconds: 30 * 86400 });
    expect((await arca('retention', 'set', 'e/p/ckpt:latest', 'never')).code).toBe(0);

    const show = await arca('retention', 'show', 'e/p/ckpt');
    expect(show.code).toBe(0);
    const versions = show.json().versions as { version: string; ttlSeconds?: number | null; expiresAt: string | null }[];
    expect(versions.map((v) => [v.version, v.ttlSeconds])).toEqual([['v0', 7 * 86400], ['v1', null]]);
    expect(versions[1]!.expiresAt).toBeNull();

    expect((await arca('retention', 'set', 'e/p/ckpt:v1', 'default')).json().versions[1]).not.toHaveProperty('ttlSeconds');
  });

  it('refuses a malformed TTL with exit 2 and an unknown collection with exit 1', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'a/m.bin': 'x' });
    const bad = await arca('log', 'e/p/ckpt', 'a', '--type', 'model', '--ttl', 'a while');
    expect(bad.code).toBe(2);
    expect(errorOf(bad).code).toBe('Usage');
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    const unknown = await arca('retention', 'set', 'e/p/nope', '1d');
    expect(unknown.code).toBe(1);
    expect(errorOf(unknown).code).toBe('NotFound');
  });
});
