// The server SIGKILLed in the middle of a garbage collection: what it had removed
// is gone, what versions need is intact, and the next collection (taking over the
// dead process's lock) finishes the job.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, useServerProcess } from '../../packages/test-utils/dist/index.js';
import { hashBytes } from '../../packages/store/dist/index.js';
import { arcaWith, countObjectFiles, errorOf, randomFile, useArca, writeTree, type Result } from '../cli/harness.js';

const setup = useArca();
const startServerProcess = useServerProcess();
const GARBAGE = 5_000;
/** A collection of the rest may take a while on a loaded machine; the CLI harness's default kill (20 s) is for quick commands. */
const GC_TIMEOUT_MS = 120_000;

/** Writes `n` loose objects straight into the store, dated two days back: garbage no version names. */
function writeGarbage(dataDir: string, n: number): void {
  const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  for (let i = 0; i < n; i++) {
    const bytes = Buffer.from(`garbage object ${i}`);
    const hex = hashBytes(bytes).slice(3);
    const dir = join(dataDir, 'objects', hex.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, hex.slice(2));
    writeFileSync(path, bytes, { mode: 0o444 });
    utimesSync(path, old, old);
  }
}

describe('gc crash safety', () => {
  it('server SIGKILLed mid-collection: versions intact, the next collection takes over and completes', async () => {
    const { root, env: baseEnv } = await setup();
    const dataDir = join(root, 'proc-data');
    let server = await startServerProcess(dataDir);
    let arca = arcaWith({ ...baseEnv, ARCA_URL: server.url }, root);
    writeTree(root, { 'ds/a.txt': 'alpha', 'ds/b.txt': 'bravo' });
    randomFile(join(root, 'ckpt', 'model.bin'), 3 * 1024 * 1024);
    expect((await arca('log', 'e/p/ds', 'ds', '--type', 'dataset')).code).toBe(0);
    expect((await arca('log', 'e/p/model', 'ckpt', '--type', 'model')).code).toBe(0);
    const needed = countObjectFiles(dataDir);
    writeGarbage(dataDir, GARBAGE);

    const gc = spawnCli(['gc', '--json'], { env: { ...baseEnv, ARCA_URL: server.url }, cwd: root });
    while (countObjectFiles(dataDir) === needed + GARBAGE) {
      if (gc.child.exitCode !== null) throw new Error('the collection finished before it could be interrupted');
      await new Promise((r) => setTimeout(r, 25));
    }
    await server.kill('SIGKILL');
    const cut = (await gc.result) as Result;
    expect(cut.code).toBe(1);
    expect(errorOf(cut).code).toBe('Unreachable');
    const left = countObjectFiles(dataDir);
    expect(left).toBeGreaterThanOrEqual(needed);

    const fsck = await arca('fsck', '--data', dataDir);
    expect(fsck.code, fsck.stdout).toBe(0);
    expect(fsck.json()).toMatchObject({ ok: true, versions: 2, missing: [], corrupt: [] });

    server = await startServerProcess(dataDir);
    arca = arcaWith({ ...baseEnv, ARCA_URL: server.url }, root);
    const again = (await runCli(['gc', '--json'], { env: { ...baseEnv, ARCA_URL: server.url }, cwd: root, timeoutMs: GC_TIMEOUT_MS })) as Result;
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ removedObjects: left - needed });
    expect(countObjectFiles(dataDir)).toBe(needed);
    expect((await arca('pull', 'e/p/model:latest', 'out')).code).toBe(0);
    await server.kill('SIGTERM');
  }, 180_000);
});
