// Crash safety with real processes: SIGKILL the server or the client in the
// middle of a transfer (or Ctrl-C it), then check what is visible and that a
// re-run completes.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, useServerProcess } from '../../packages/test-utils/dist/index.js';
import { stallingProxy } from './stallingProxy.js';
import { arcaWith, countObjectFiles, errorOf, isFile, randomFile, serverStats, snapshot, useArca, waitFor, type Env, type Result } from './harness.js';

const MiB = 1024 * 1024;
const BIG = 64 * MiB;
const setup = useArca();
const startServerProcess = useServerProcess();

function spawnArca(env: Env, cwd: string, ...args: string[]) {
  return spawnCli([...args, '--json'], { env: { ...env }, cwd }) as { child: import('node:child_process').ChildProcess; result: Promise<Result> };
}

/** Logs a 64 MiB model and a small file as e/p/c; returns their contents by path. */
async function logModel(root: string, arca: (...args: string[]) => Promise<Result>): Promise<Record<string, string>> {
  const src = join(root, 'src');
  randomFile(join(src, 'model.bin'), BIG);
  randomFile(join(src, 'tokenizer.json'), 3000);
  expect((await arca('log', 'e/p/c', 'src', '--type', 'model')).code).toBe(0);
  return snapshot(src);
}

describe('crash safety', () => {
  it('server SIGKILLed while a client logs 64 MiB: the client fails, no version exists after restart, a re-run succeeds and fsck is ok', async () => {
    const { root, env: baseEnv } = await setup();
    const dataDir = join(root, 'proc-data');
    randomFile(join(root, 'ckpt', 'model.bin'), BIG);
    let server = await startServerProcess(dataDir);
    const env = { ...baseEnv, ARCA_URL: server.url };

    const log = spawnArca(env, root, 'log', 'e/p/c', 'ckpt', '--type', 'model', '--alias', 'best');
    await waitFor(() => countObjectFiles(dataDir) >= 1, 30_000, 'the server to store some objects');
    await server.kill('SIGKILL');
    const failed = await log.result;
    expect(failed.code).toBe(1);
    expect(errorOf(failed).code).toBe('Unreachable');

    const arca0 = arcaWith(env, root);
    // What the crash left is consistent: no version, and whatever objects it holds are whole.
    const afterCrash = await arca0('fsck', '--data', dataDir);
    expect(afterCrash.code, afterCrash.stdout).toBe(0);
    expect(afterCrash.json()).toMatchObject({ ok: true, versions: 0, aliases: 0 });

    server = await startServerProcess(dataDir);
    const arca = arcaWith({ ...env, ARCA_URL: server.url }, root);
    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    const missing = await arca('show', 'e/p/c');
    expect(errorOf(missing).code).toBe('NotFound');

    const again = await arca('log', 'e/p/c', 'ckpt', '--type', 'model', '--alias', 'best');
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ created: true, version: { version: 'v0', size: BIG } });
    await server.kill('SIGTERM');
    const fsck = await arca('fsck', '--data', dataDir);
    expect(fsck.code, fsck.stdout).toBe(0);
    expect(fsck.json()).toMatchObject({ ok: true, versions: 1, corrupt: [], missing: [], brokenRefs: [] });
  });

  it('client SIGKILLed mid-upload of 64 MiB: no version exists; a re-run succeeds and sends only what is missing', async () => {
    const { root, server, env, arca } = await setup();
    randomFile(join(root, 'ckpt', 'model.bin'), BIG);
    const log = spawnArca(env, root, 'log', 'e/p/c', 'ckpt', '--type', 'model');
    await waitFor(() => countObjectFiles(server.dataDir) >= 1, 30_000, 'the server to store some objects');
    log.child.kill('SIGKILL');
    const killed = await log.result;
    expect(killed.signal).toBe('SIGKILL');
    // A pack the server was adopting when the client died is indexed a moment later; on a
    // loaded machine the re-run could ask before that and send everything again.
    for (const start = Date.now(); (await serverStats(server.url)).objects === 0; ) {
      if (Date.now() - start > 30_000) throw new Error('the server indexed nothing of the killed log');
      await new Promise((r) => setTimeout(r, 50));
    }

    expect((await arca('ls', 'e/p')).json().collections).toEqual([]);
    const again = await arca('log', 'e/p/c', 'ckpt', '--type', 'model');
    expect(again.code, again.stderr).toBe(0);
    const out = again.json();
    expect(out).toMatchObject({ created: true, version: { version: 'v0', size: BIG }, bytesTotal: BIG });
    expect(out.bytesUploaded).toBeGreaterThan(0);
    expect(out.bytesUploaded).toBeLessThan(BIG);
    expect((await arca('ls', 'e/p/c')).json().versions).toHaveLength(1);
  });

  it('client SIGKILLed mid-pull: no partial file under its final name; a re-run completes with identical files', async () => {
    const { root, env, arca } = await setup();
    const want = await logModel(root, arca);
    // Over HTTP: a copy from the (local) server's files can finish before the kill lands.
    const pullEnv = { ...env, ARCA_CACHE_DIR: join(root, 'pull-cache'), ARCA_LOCAL_READS: '0' };
    const out = join(root, 'out');

    const pull = spawnArca(pullEnv, root, 'pull', 'e/p/c:latest', 'out');
    // The big file is assembled in a temp file beside its destination; wait until
    // several MiB of it are written (it starts sparse, at full length).
    const partial = () => {
      try {
        return readdirSync(out).filter((n) => n.startsWith('.arca-')).some((n) => statSync(join(out, n)).blocks * 512 >= 8 * MiB);
      } catch {
        return false;
      }
    };
    await waitFor(partial, 30_000, 'a partly written download');
    pull.child.kill('SIGKILL');
    const killed = await pull.result;
    expect(killed.signal).toBe('SIGKILL');

    // Under their final names: nothing, or complete verified files.
    for (const name of Object.keys(want)) {
      if (isFile(join(out, name))) expect(snapshot(out)[name], name).toBe(want[name]);
    }
    expect(isFile(join(out, 'model.bin'))).toBe(false);

    const again = await arcaWith(pullEnv, root)('pull', 'e/p/c:latest', 'out');
    expect(again.code, again.stderr).toBe(0);
    expect(snapshot(out)).toEqual(want);
    // The verified chunks already on disk were kept.
    expect(again.json().bytesFromCache).toBeGreaterThan(0);
    expect(again.json().bytesDownloaded).toBeLessThan(BIG);
  });

  it('Ctrl-C mid-pull while the server stalls: exit 130 Interrupted, nothing of its own left in the folder, and a re-run resumes from the verified part', async () => {
    const { root, env, arca } = await setup();
    const want = await logModel(root, arca);
    // Answers stop after 12 MiB, so the pull is certainly mid-transfer and waiting on the server.
    const proxy = await stallingProxy(env.ARCA_URL, 12 * MiB);
    // Every byte through the proxy, none read from the server's files (local reads).
    const pullEnv = { ...env, ARCA_CACHE_DIR: join(root, 'pull-cache'), ARCA_LOCAL_READS: '0' };
    const out = join(root, 'out');
    try {
      const pull = spawnArca({ ...pullEnv, ARCA_URL: proxy.url }, root, 'pull', 'e/p/c:latest', 'out');
      const partial = () => {
        try {
          return readdirSync(out).filter((n) => n.startsWith('.arca-part-')).some((n) => statSync(join(out, n)).blocks * 512 >= MiB);
        } catch {
          return false;
        }
      };
      await waitFor(partial, 30_000, 'a partly written download');
      pull.child.kill('SIGINT');
      const stopped = await pull.result;
      expect(stopped.code).toBe(130);
      expect(errorOf(stopped)).toMatchObject({ code: 'Interrupted', data: { operation: 'download' } });
    } finally {
      await proxy.close();
    }
    expect(readdirSync(out).filter((n) => n.startsWith('.arca-'))).toEqual([]);
    expect(isFile(join(out, 'model.bin'))).toBe(false);

    const again = await arcaWith(pullEnv, root)('pull', 'e/p/c:latest', 'out');
    expect(again.code, again.stderr).toBe(0);
    expect(snapshot(out)).toEqual(want);
    // The verified chunks written before the interrupt were kept in the cache.
    expect(again.json().bytesFromCache).toBeGreaterThan(0);
  });
});
