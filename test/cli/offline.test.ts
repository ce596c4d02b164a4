// `arca log --offline` and `arca sync`, as users run them: the built binary as a
// child process; the interrupted sync is a real SIGKILL mid-upload.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../../packages/test-utils/dist/index.js';
import { arcaWith, countObjectFiles, errorOf, randomFile, useArca, waitFor, writeTree, type Env, type Result } from './harness.js';

const MiB = 1024 * 1024;
const setup = useArca();

async function offlineSetup() {
  const s = await setup('alice');
  const env = { ...s.env, ARCA_OFFLINE_DIR: join(s.root, 'offline') } as Env;
  // Nothing listens there: an offline log must not need the server.
  const away = arcaWith({ ...env, ARCA_URL: 'http://127.0.0.1:9' } as Env, s.root);
  return { ...s, env, away, arca: arcaWith(env, s.root) };
}

describe('arca log --offline / arca sync', () => {
  it('logs with no server, then sync creates the versions in order, reports renumbering, and a second sync creates nothing', async () => {
    const { root, arca, away } = await offlineSetup();
    writeTree(join(root, 'online'), { 'm.bin': 'online' });
    writeTree(join(root, 'e1'), { 'm.bin': 'epoch 1', 'cfg.json': '{}' });
    writeTree(join(root, 'e2'), { 'm.bin': 'epoch 2', 'cfg.json': '{}' });
    expect((await arca('log', 'e/p/m', 'online', '--type', 'model')).code).toBe(0);

    const l1 = await away('log', 'e/p/m', 'e1', '--type', 'model', '--offline', '--metadata', 'epoch=1');
    expect(l1.code, l1.stderr).toBe(0);
    expect(l1.json()).toMatchObject({ offline: true, created: true, version: { version: 'v0', metadata: { epoch: 1 }, synced: null } });
    const l2 = await away('log', 'e/p/m', 'e2', '--type', 'model', '--offline', '--alias', 'best', '--description', 'second');
    expect(l2.json().version).toMatchObject({ version: 'v1', aliases: ['best', 'latest'] });

    const dry = await arca('sync', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, objectsMissing: 7, objectsUploaded: 0 });
    expect((await arca('ls', 'e/p/m')).json().versions).toHaveLength(1);

    const sync = await arca('sync');
    expect(sync.code, sync.stderr).toBe(0);
    const out = sync.json();
    expect(out.versions.map((v: any) => [v.offlineVersion, v.outcome, v.version])).toEqual([['v0', 'created', 'v1'], ['v1', 'created', 'v2']]);
    expect(out.renumbered).toEqual([
      { collection: 'e/p/m', offline: 'v0', server: 'v1' },
      { collection: 'e/p/m', offline: 'v1', server: 'v2' },
    ]);
    const show = (await arca('show', 'e/p/m:best')).json().version;
    expect(show).toMatchObject({ version: 'v2', description: 'second', actor: 'alice', createdAt: l2.json().version.createdAt });

    const text = await arca('sync');
    expect(text.json()).toMatchObject({ versions: [], alreadySynced: 2, objectsMissing: 0 });
    expect((await arca('ls', 'e/p/m')).json().versions).toHaveLength(3);
  }, 120_000);

  it('a sync SIGKILLed mid-upload creates nothing; run again it resumes, sending only what is missing; a third run creates nothing', async () => {
    const { root, server, env, arca, away } = await offlineSetup();
    randomFile(join(root, 'ckpt', 'model.bin'), 64 * MiB);
    expect((await away('log', 'e/p/m', 'ckpt', '--type', 'model', '--offline', '--alias', 'best')).code).toBe(0);
    const run = spawnCli(['sync', '--json'], { env: { ...env }, cwd: root }) as { child: import('node:child_process').ChildProcess; result: Promise<Result> };
    await waitFor(() => countObjectFiles(server.dataDir) >= 2, 30_000, 'the server to store some objects');
    run.child.kill('SIGKILL');
    expect((await run.result).code).not.toBe(0);
    expect(errorOf(await arca('show', 'e/p/m')).code).toBe('NotFound');

    const resumed = await arca('sync');
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = resumed.json();
    expect(r.versions.map((v: any) => [v.offlineVersion, v.outcome, v.version])).toEqual([['v0', 'created', 'v0']]);
    expect(r.bytesUploaded).toBeLessThan(64 * MiB);
    expect((await arca('show', 'e/p/m:best')).json().version).toMatchObject({ version: 'v0', size: 64 * MiB });
    const third = await arca('sync');
    expect(third.json()).toMatchObject({ versions: [], alreadySynced: 1 });
    const fsck = await arca('fsck', '--data', server.dataDir);
    expect(fsck.json()).toMatchObject({ ok: true, versions: 1 });
  }, 180_000);

  it('a version the server refuses does not hold up the others: it is reported, its collection waits, and --drop gives up on it', async () => {
    const { root, arca, away } = await offlineSetup();
    writeTree(join(root, 'd'), { 'a.txt': 'a' });
    writeTree(join(root, 'd2'), { 'b.txt': 'b' });
    writeTree(join(root, 'd3'), { 'c.txt': 'c' });
    expect((await arca('log', 'e/p/images', 'd', '--type', 'raw_images')).code).toBe(0);
    // Offline, nobody can tell that e/p/images holds raw_images.
    expect((await away('log', 'e/p/images', 'd2', '--type', 'model', '--offline')).code).toBe(0);
    expect((await away('log', 'e/p/images', 'd3', '--type', 'model', '--offline', '--alias', 'best')).code).toBe(0);
    expect((await away('log', 'e/p/good', 'd2', '--type', 'model', '--offline')).code).toBe(0);

    const first = await arca('sync');
    expect(first.code).toBe(1);
    const out = first.json();
    expect(out.failed).toBe(1);
    expect(out.versions.map((v: any) => [v.collection, v.offlineVersion, v.outcome])).toEqual([
      ['e/p/images', 'v0', 'failed'],
      ['e/p/images', 'v1', 'blocked'],
      ['e/p/good', 'v0', 'created'],
    ]);
    expect(out.versions[0].error).toMatchObject({ code: 'TypeMismatch' });
    expect((await arca('ls', 'e/p/good')).json().versions).toHaveLength(1);
    expect((await arca('ls', 'e/p/images')).json().versions).toHaveLength(1);

    // Still refused on a second run; nothing else is pending.
    expect((await arca('sync')).json().versions.map((v: any) => v.outcome)).toEqual(['failed', 'blocked']);

    const drop = await arca('sync', '--drop', 'e/p/images:v0', '--drop', 'e/p/images:v1');
    expect(drop.code, drop.stderr).toBe(0);
    expect(drop.json().versions.map((v: any) => [v.offlineVersion, v.outcome])).toEqual([['v0', 'dropped'], ['v1', 'dropped']]);
    expect((await arca('sync')).json()).toMatchObject({ versions: [], failed: 0 });
    expect((await arca('ls', 'e/p/images')).json().versions).toHaveLength(1);

    const cases: [string[], number, string][] = [
      [['sync', '--drop', 'e/p/images:v0', '--dry-run'], 2, 'Usage'],
      [['sync', '--drop', 'e/p/images:best'], 1, 'InvalidArgument'],
      [['sync', '--drop', 'e/p/nothing:v0'], 1, 'NotFound'],
      [['sync', '--drop', 'e/p/good:v0'], 1, 'InvalidArgument'],
    ];
    for (const [args, code, errCode] of cases) {
      const r = await arca(...args);
      expect([args.join(' '), r.code, errorOf(r).code]).toEqual([args.join(' '), code, errCode]);
    }
  }, 180_000);

  it('after --drop, the collection can be logged offline again: with the type the server holds, and with the dropped content', async () => {
    const { root, arca, away } = await offlineSetup();
    writeTree(join(root, 'd'), { 'a.txt': 'a' });
    writeTree(join(root, 'd2'), { 'b.txt': 'b' });
    expect((await arca('log', 'e/p/images', 'd', '--type', 'raw_images')).code).toBe(0);
    expect((await away('log', 'e/p/images', 'd2', '--type', 'model', '--offline')).code).toBe(0);
    expect((await arca('sync')).json().versions.map((v: any) => v.outcome)).toEqual(['failed']);
    expect((await arca('sync', '--drop', 'e/p/images:v0')).code).toBe(0);

    // The dropped model version must not decide the collection's type, nor absorb the same files.
    const again = await away('log', 'e/p/images', 'd2', '--type', 'raw_images', '--offline', '--alias', 'best');
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ created: true, version: { version: 'v1', aliases: ['best', 'latest'] } });

    const synced = await arca('sync');
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json().versions.map((v: any) => [v.offlineVersion, v.outcome, v.version])).toEqual([['v1', 'created', 'v1']]);
    const listed = (await arca('ls', 'e/p/images')).json().versions;
    expect(listed.map((v: any) => [v.version, v.aliases])).toEqual([['v0', []], ['v1', ['best', 'latest']]]);
  }, 180_000);

  it('bad input: usage errors exit 2, bad names and types exit 1 with a typed error, nothing is stored', async () => {
    const { root, arca, away } = await offlineSetup();
    writeTree(join(root, 'd'), { 'a.txt': 'a' });
    const cases: [string[], number, string][] = [
      [['sync', 'extra'], 2, 'Usage'],
      [['sync', '--bogus'], 2, 'Usage'],
      [['log', 'e/p/m', '--offline', '--from', 'e/p/m', '--add', 'd/a.txt'], 2, 'Usage'],
      [['log', 'e/p/m', 'd', '--offline'], 2, 'Usage'],
      [['log', 'e/p/m', 'd', '--offline', '--type', 'm', '--alias', 'a/b'], 1, 'InvalidName'],
      [['log', 'e/p/bad..name', 'd', '--offline', '--type', 'm'], 1, 'InvalidName'],
      [['log', 'e/model-registry/M', 'd', '--offline', '--type', 'm'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', 'missing', '--offline', '--type', 'm'], 1, 'InvalidPath'],
      [['log', 'e/p/m', 'd', '--offline', '--type', 'bad type'], 1, 'InvalidArgument'],
    ];
    for (const [args, code, errCode] of cases) {
      const r = await away(...args);
      expect([args.join(' '), r.code, errorOf(r).code]).toEqual([args.join(' '), code, errCode]);
    }
    expect((await arca('sync', '--dry-run')).json()).toMatchObject({ versions: [], objectsMissing: 0 });
    // Nothing pending: no question to ask, so no server is needed either.
    const nothing = await away('sync');
    expect([nothing.code, nothing.json().versions]).toEqual([0, []]);
  }, 180_000);
});
