// How `arca` fails: exit codes (2 for bad usage, 1 otherwise), the error `code`
// under --json, and that a failed command changed nothing on the server.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../../packages/test-utils/dist/index.js';
import { arcaWith, errorOf, useArca, writeTree } from './harness.js';

const setup = useArca();

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('usage errors exit 2', () => {
  it('an unknown command, a missing --type, an unknown option, a wrong argument count', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'f.txt': 'x' });
    for (const args of [['frobnicate'], ['log', 'e/p/c', 'f.txt'], ['ls', 'e/p', '--bogus'], ['show'], ['diff', 'e/p/c:v0']]) {
      const r = await arca(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(errorOf(r).code).toBe('Usage');
      expect(r.stdout).toBe('');
    }
    // Nothing was logged by the log without --type.
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
  });

  it('--json before the command works as after it; alone it is the help, exit 2', async () => {
    const { root, env } = await setup();
    const first = await runCli(['--json', 'ls', 'e/p'], { env: { ...env }, cwd: root });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ collections: [] });
    const alone = await runCli(['--json'], { env: { ...env }, cwd: root });
    expect(alone.code).toBe(2);
    expect(alone.stdout).toContain('usage: arca <command>');
  });

  it('a setting read while the command loads (ARCA_BLAKE3) that names nothing is InvalidArgument, exit 1, no stack trace', async () => {
    const { root, env } = await setup();
    const r = await arcaWith({ ...env, ARCA_BLAKE3: 'bogus' } as typeof env, root)('ls', 'e/p');
    expect(r.code).toBe(1);
    expect(errorOf(r)).toMatchObject({ code: 'InvalidArgument', data: { argument: 'ARCA_BLAKE3' } });
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a command group without its subcommand, or an unknown command, answers with the usage that fits', async () => {
    const { arca } = await setup();
    for (const [args, usage] of [
      [['alias'], 'arca alias <set|rm|log> ...'],
      [['alias', 'frob'], 'arca alias <set|rm|log> ...'],
      [['bogus'], 'arca <command> [options] [--json]'],
    ] as const) {
      const r = await arca(...args);
      expect([r.code, errorOf(r).code, errorOf(r).data.usage], args.join(' ')).toEqual([2, 'Usage', usage]);
    }
  });

  it('arca server --port that is not a plain number (empty, as from an unset $PORT; hex; exponent; spaces) is refused, nothing listens or is created', async () => {
    const { root } = await setup();
    for (const port of ['', '0x10', '1e3', ' 1 ', '8420.0']) {
      const dataDir = join(root, 'never-created');
      // Before: `--port ""` was port 0 (a random one), "0x10" port 16, and each started a server.
      const r = await runCli(['server', '--data', dataDir, '--port', port, '--json'], { env: { ARCA_ADMIN_KEY: '' }, timeoutMs: 5000 });
      expect([r.code, errorOf(r).code, r.stdout], JSON.stringify(port)).toEqual([2, 'Usage', '']);
      expect(existsSync(dataDir)).toBe(false);
    }
  });
});

describe('help', () => {
  it('a command group with --help or -h lists its commands, exit 0; `arca help <command>` is `arca <command> --help`', async () => {
    const { root, env } = await setup();
    for (const args of [['alias', '--help'], ['model', '-h'], ['help', 'alias']]) {
      const r = await runCli(args, { env: { ...env }, cwd: root });
      expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 0, '']);
      expect(r.stdout).toContain('usage: arca ' + args.find((a) => a !== 'help' && !a.startsWith('-')) + ' <');
    }
    const alias = await runCli(['alias', '--help'], { env: { ...env }, cwd: root });
    expect(alias.stdout).toMatch(/alias set +point an alias/);
    expect(alias.stdout).toMatch(/alias log +history of alias moves/);
    const log = await runCli(['help', 'log'], { env: { ...env }, cwd: root });
    expect([log.code, log.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^usage: arca log <entity\/project\/name>/)]);
    const set = await runCli(['help', 'alias', 'set'], { env: { ...env }, cwd: root });
    expect([set.code, set.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^usage: arca alias set <ref> <alias>/)]);
    // Asking for help about nothing known is still bad usage.
    const unknown = await runCli(['help', 'frobnicate', '--json'], { env: { ...env }, cwd: root });
    expect([unknown.code, errorOf(unknown).code]).toEqual([2, 'Usage']);
  });
});

describe('bad names exit 1 with InvalidName', () => {
  it('malformed refs and illegal entity, project, collection and alias names', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'f.txt': 'x' });
    expect((await arca('log', 'e/p/c', 'f.txt', '--type', 't')).code).toBe(0);
    const cases = [
      ['show', 'e/p'], // two parts
      ['show', 'e/p/c/d'], // four parts
      ['show', 'e/p/c@b3:abc'], // digest prefix too short
      ['show', 'e/p/c@b3:XYZXYZXYZ'], // not hex
      ['show', 'e/p/c:bad alias'],
      ['show', 'e/p/c:..x'],
      ['show', '_e/p/c'], // entity starts with an underscore
      ['pull', 'e/p/c:a.lock', 'out'],
      ['log', 'e/p/bad..name', 'f.txt', '--type', 't'],
      ['log', 'e/p/ trailing', 'f.txt', '--type', 't'],
      ['log', 'e/p!/c', 'f.txt', '--type', 't'],
      ['log', 'e/p/c', 'f.txt', '--type', 't', '--alias', 'has/slash'],
      ['alias', 'set', 'e/p/c:v0', 'x..y'],
      ['link', 'e/p/c:v0', 'e/model-registry/bad..name'],
    ];
    for (const args of cases) {
      const r = await arca(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(errorOf(r).code, args.join(' ')).toBe('InvalidName');
    }
    // None of them created anything.
    const cols = (await arca('ls', 'e/p')).json().collections as { collection: string; versionCount: number; aliases: Record<string, string> }[];
    expect(cols.map((c) => [c.collection, c.versionCount, c.aliases])).toEqual([['e/p/c', 1, { latest: 'v0' }]]);
    expect((await arca('ls', 'e/model-registry')).json().collections).toEqual([]);
  }, 120_000);

  it('the reserved aliases latest and vN cannot be set', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'a/f': '0', 'b/f': '1' });
    await arca('log', 'e/p/c', 'a', '--type', 't');
    await arca('log', 'e/p/c', 'b', '--type', 't');
    for (const alias of ['latest', 'v3', 'v0']) {
      const r = await arca('alias', 'set', 'e/p/c:v0', alias);
      expect(r.code, alias).toBe(1);
      expect(errorOf(r).code, alias).toBe('InvalidName');
    }
    const rm = await arca('alias', 'rm', 'e/p/c', 'latest');
    expect(rm.code).toBe(1);
    expect(errorOf(rm).code).toBe('InvalidName');
    // latest still follows the newest version.
    expect((await arca('show', 'e/p/c:latest')).json().version.version).toBe('v1');
    expect((await arca('show', 'e/p/c:v1')).json().version.aliases).toEqual(['latest']);
  });
});

describe('NotFound', () => {
  it('unknown collections, versions, aliases and digests', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'f.txt': 'x' });
    const v0 = (await arca('log', 'e/p/c', 'f.txt', '--type', 't')).json().version;
    const other = v0.digest[3] === 'f' ? 'e' : 'f';
    for (const args of [
      ['show', 'e/p/c:v1'],
      ['show', 'e/p/c:nope'],
      ['show', 'e/p/missing'],
      ['show', `e/p/c@b3:${other.repeat(12)}`],
      ['pull', 'e/p/c:nope', 'out'],
      ['ls', 'e/p/missing'],
      ['diff', 'e/p/c:v0', 'e/p/c:v7'],
      ['alias', 'set', 'e/p/c:v9', 'best'],
      ['alias', 'rm', 'e/p/c', 'never-set'],
      ['alias', 'log', 'e/p/missing'],
      ['link', 'e/p/c:nope', 'e/model-registry/M'],
    ]) {
      const r = await arca(...args);
      expect(r.code, args.join(' ')).toBe(1);
      const err = errorOf(r);
      expect(err.code, args.join(' ')).toBe('NotFound');
      expect(typeof err.data.kind).toBe('string');
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(root, 'out'))).toBe(false);
    expect((await arca('ls', 'e/model-registry')).json().collections).toEqual([]);
  });
});

describe('alias compare-and-swap', () => {
  it('--expect with a stale digest is AliasConflict and the alias does not move', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'a/f': '0', 'b/f': '1', 'c/f': '2' });
    const v = [];
    for (const d of ['a', 'b', 'c']) v.push((await arca('log', 'e/p/c', d, '--type', 't')).json().version);
    expect((await arca('alias', 'set', 'e/p/c:v0', 'prod')).code).toBe(0);
    expect((await arca('alias', 'set', 'e/p/c:v1', 'prod', '--expect', v[0].digest)).code).toBe(0);
    // Someone still believes prod is v0.
    const stale = await arca('alias', 'set', 'e/p/c:v2', 'prod', '--expect', v[0].digest);
    expect(stale.code).toBe(1);
    const err = errorOf(stale);
    expect(err.code).toBe('AliasConflict');
    expect(err.data.expected).toBe(v[0].digest);
    expect(err.data.actual).toBe(v[1].digest);
    // --expect none on an alias that exists is a conflict too.
    const none = await arca('alias', 'set', 'e/p/c:v2', 'prod', '--expect', 'none');
    expect(errorOf(none).code).toBe('AliasConflict');
    const rm = await arca('alias', 'rm', 'e/p/c', 'prod', '--expect', v[0].digest);
    expect(errorOf(rm).code).toBe('AliasConflict');
    expect((await arca('show', 'e/p/c:prod')).json().version.version).toBe('v1');
    const moves = ((await arca('alias', 'log', 'e/p/c')).json().entries as { ref: string }[]).filter((e) => e.ref === 'aliases/prod');
    expect(moves).toHaveLength(2);
  });
});

describe('Unreachable', () => {
  it('every server command fails with Unreachable, exit 1, when no server listens', async () => {
    const { root, env } = await setup();
    writeTree(root, { 'f.txt': 'x' });
    const arca = arcaWith({ ...env, ARCA_URL: `http://127.0.0.1:${await closedPort()}` }, root);
    for (const args of [['ls', 'e/p'], ['show', 'e/p/c'], ['log', 'e/p/c', 'f.txt', '--type', 't'], ['pull', 'e/p/c', 'out'], ['alias', 'set', 'e/p/c:v0', 'x']]) {
      const r = await arca(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(errorOf(r).code, args.join(' ')).toBe('Unreachable');
    }
  });

  it('an ARCA_URL that is not an http(s) URL (no scheme, another scheme) is named as such, not as a server out of reach', async () => {
    const { root, env, server } = await setup();
    const hostPort = new URL(server.url).host;
    for (const url of [hostPort, `localhost:${new URL(server.url).port}`, `ftp://${hostPort}`]) {
      const r = await arcaWith({ ...env, ARCA_URL: url }, root)('ls', 'e/p');
      expect([url, r.code, errorOf(r).code, errorOf(r).data.argument]).toEqual([url, 1, 'InvalidArgument', 'ARCA_URL']);
      expect(errorOf(r).message).toContain(JSON.stringify(url));
      const text = await runCli(['ls', 'e/p'], { env: { ...env, ARCA_URL: url }, cwd: root });
      expect(text.stderr).toMatch(/^arca: invalid ARCA_URL: .* is not an http:\/\/ or https:\/\/ URL/);
    }
    // A log --offline needs no server, so no URL either.
    writeTree(root, { 'f.txt': 'x' });
    const offline = await arcaWith({ ...env, ARCA_URL: hostPort, ARCA_OFFLINE_DIR: join(root, 'offline') } as typeof env, root)('log', 'e/p/c', 'f.txt', '--type', 't', '--offline');
    expect(offline.code, offline.stderr).toBe(0);
  });
});

describe('unsafe file names are refused before any upload', () => {
  it('a file name with a backslash: InvalidPath, nothing logged or uploaded', async () => {
    const { root, server, arca } = await setup();
    writeTree(join(root, 'ds'), { 'ok.txt': 'fine', 'sub\\evil.txt': 'on Windows this is sub/evil.txt' });
    const r = await arca('log', 'e/p/c', 'ds', '--type', 't');
    expect(r.code).toBe(1);
    const err = errorOf(r);
    expect(err.code).toBe('InvalidPath');
    expect(err.data.path).toBe('sub\\evil.txt');
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    expect(await storedObjects(server.url)).toBe(0);
  });

  it('a file name that is not valid UTF-8: InvalidPath, nothing logged or uploaded', async () => {
    const { root, server, arca } = await setup();
    writeTree(join(root, 'ds'), { 'ok.txt': 'fine' });
    // A name of raw bytes (Latin-1 "café"), as old archives carry them.
    writeFileSync(Buffer.concat([Buffer.from(join(root, 'ds') + '/caf'), Buffer.from([0xe9])]), 'x');
    const r = await arca('log', 'e/p/c', 'ds', '--type', 't');
    expect(r.code).toBe(1);
    expect(errorOf(r)).toMatchObject({ code: 'InvalidPath', data: { reason: 'the file name is not valid UTF-8' } });
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    expect(await storedObjects(server.url)).toBe(0);
  });

  it('two names that are the same under Unicode normalization (NFC and NFD "café") in one folder: InvalidPath', async () => {
    const { root, server, arca } = await setup();
    const dir = join(root, 'ds');
    mkdirSync(join(dir, 'labels'), { recursive: true });
    const nfc = 'caf\u00e9.txt';
    const nfd = 'cafe\u0301.txt';
    expect(nfc).not.toBe(nfd);
    expect(nfc.normalize('NFC')).toBe(nfd.normalize('NFC'));
    writeFileSync(join(dir, 'labels', nfc), 'composed');
    writeFileSync(join(dir, 'labels', nfd), 'decomposed');
    writeFileSync(join(dir, 'other.txt'), 'fine');
    const r = await arca('log', 'e/p/c', 'ds', '--type', 't');
    expect(r.code).toBe(1);
    expect(errorOf(r).code).toBe('InvalidPath');
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    expect(await storedObjects(server.url)).toBe(0);
    // The same twins given as two files on the command line.
    const r2 = await arca('log', 'e/p/c', join('ds', 'labels', nfc), join('ds', 'labels', nfd), '--type', 't');
    expect(r2.code).toBe(1);
    expect(errorOf(r2).code).toBe('InvalidPath');
    expect(await storedObjects(server.url)).toBe(0);
  });

  it('two folders that are the same under Unicode normalization: InvalidPath, online and offline', async () => {
    const { root, server, env, arca } = await setup();
    writeTree(join(root, 'ds'), { ['caf\u00e9/a.txt']: 'composed', ['cafe\u0301/b.txt']: 'decomposed' });
    const r = await arca('log', 'e/p/c', 'ds', '--type', 't');
    expect(errorOf(r).code).toBe('InvalidPath');
    const offline = await arcaWith({ ...env, ARCA_OFFLINE_DIR: join(root, 'offline') }, root)('log', 'e/p/c', 'ds', '--type', 't', '--offline');
    expect(errorOf(offline).code).toBe('InvalidPath');
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    expect(await storedObjects(server.url)).toBe(0);
  });

  it('a path that is not there, and the same file name twice: refused, nothing logged', async () => {
    const { root, server, arca } = await setup();
    writeTree(root, { 'a/model.bin': '1', 'b/model.bin': '2' });
    const missing = await arca('log', 'e/p/c', 'no-such-dir', '--type', 't');
    expect(missing.code).toBe(1);
    expect(errorOf(missing).code).toBe('InvalidPath');
    const twice = await arca('log', 'e/p/c', 'a/model.bin', 'b/model.bin', '--type', 't');
    expect(twice.code).toBe(1);
    // Named with both sources, so the user sees which two files collide.
    expect(errorOf(twice)).toMatchObject({ code: 'InvalidPath', data: { path: 'model.bin', reason: `listed twice: from ${join(root, 'a/model.bin')} and from ${join(root, 'b/model.bin')}` } });
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    expect(await storedObjects(server.url)).toBe(0);
  });
});

describe('other refusals', () => {
  it('--metadata that is not key=value and a --metadata-file that is not a JSON object: InvalidArgument, nothing logged', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'f.txt': 'x', 'list.json': '[1,2]', 'broken.json': '{"a":' });
    for (const extra of [['--metadata', 'novalue'], ['--metadata', '=3'], ['--metadata-file', 'list.json'], ['--metadata-file', 'broken.json'], ['--metadata-file', 'absent.json']]) {
      const r = await arca('log', 'e/p/c', 'f.txt', '--type', 't', ...extra);
      expect(r.code, extra.join(' ')).toBe(1);
      expect(errorOf(r).code, extra.join(' ')).toBe('InvalidArgument');
    }
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
  });

  it('an empty folder is nothing to log: InvalidArgument, online and offline, no version', async () => {
    const { root, env, arca } = await setup();
    mkdirSync(join(root, 'empty', 'sub'), { recursive: true });
    expect(errorOf(await arca('log', 'e/p/c', 'empty', '--type', 't'))).toMatchObject({ code: 'InvalidArgument', data: { argument: 'paths' } });
    const offline = await arcaWith({ ...env, ARCA_OFFLINE_DIR: join(root, 'offline') }, root)('log', 'e/p/c', 'empty', '--type', 't', '--offline');
    expect(errorOf(offline)).toMatchObject({ code: 'InvalidArgument', data: { argument: 'paths' } });
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
  });

  it('logging into a collection of another type is TypeMismatch; logging into model-registry is refused', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'a/f': '0', 'b/f': '1' });
    await arca('log', 'e/p/c', 'a', '--type', 'model');
    const r = await arca('log', 'e/p/c', 'b', '--type', 'dataset');
    expect(r.code).toBe(1);
    expect(errorOf(r).code).toBe('TypeMismatch');
    const reg = await arca('log', 'e/model-registry/M', 'b', '--type', 'model');
    expect(reg.code).toBe(1);
    expect(errorOf(reg).code).toBe('InvalidArgument');
    // W&B users log straight into the registry; the message names the CLI's way, not only the SDK's.
    expect(errorOf(reg).message).toContain('arca link');
    const offline = await arca('log', 'e/model-registry/M', 'b', '--type', 'model', '--offline');
    expect(errorOf(offline)).toMatchObject({ code: 'InvalidArgument', data: { argument: 'collection' } });
    expect(errorOf(offline).message).toContain('arca link');
    expect((await arca('ls', 'e/p/c')).json().versions).toHaveLength(1);
    expect((await arca('ls', 'e/model-registry')).json().collections).toEqual([]);
  });
});

describe('tools on a data directory', () => {
  it('fsck --data and gc --data on a folder that holds no store: NotFound, and nothing is created there', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'some-file': 'x' });
    for (const args of [['fsck', '--data', 'nope'], ['gc', '--data', 'nope', '--dry-run'], ['gc', '--data', 'nope'], ['fsck', '--data', 'some-file']]) {
      const r = await arca(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(errorOf(r), args.join(' ')).toMatchObject({ code: 'NotFound', data: { kind: 'data directory' } });
    }
    expect(existsSync(join(root, 'nope'))).toBe(false);
    expect(readFileSync(join(root, 'some-file'), 'utf8')).toBe('x');
  });
});

async function storedObjects(url: string): Promise<number> {
  const { serverStats } = await import('./harness.js');
  return (await serverStats(url)).objects;
}

describe('a reader that goes away', () => {
  it('`arca show --json | head` ends quietly, exit 0, without an EPIPE stack', async () => {
    const { root, env, arca } = await setup();
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`shard/part-${String(i).padStart(5, '0')}.txt`] = String(i);
    writeTree(root, files);
    expect((await arca('log', 'e/p/many', 'shard', '--type', 'dataset')).code).toBe(0);
    // Far more than a pipe holds: the CLI is still writing when the reader closes its end.
    const cli = spawnCli(['show', 'e/p/many', '--json'], { env, cwd: root });
    cli.child.stdout!.once('data', () => cli.child.stdout!.destroy());
    const r = await cli.result;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
