import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { useClientServer } from '../testing/useClientServer.js';
import { namespaceTag } from '../util/namespaceTag.js';
import { FOREIGN_IDLE_MS } from './removeStaleTemps.js';

const t = useClientServer(startServer);

/** v0 and v1 of e/p/c: `model.bin` changes, `config.json` does not, `sub/labels.txt` is new in v1. */
async function logTwoVersions() {
  const c = t.client();
  const v0 = t.write('v0', { 'model.bin': 'weights 0', 'config.json': '{"layers":3}' });
  const v1 = t.write('v1', { 'model.bin': 'weights 1', 'config.json': '{"layers":3}', 'sub/labels.txt': 'cat\ndog\n' });
  await c.logArtifact({ name: 'e/p/c', type: 'model', paths: [v0] });
  await c.logArtifact({ name: 'e/p/c', type: 'model', paths: [v1] });
}

const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');

describe('what a pull finds in its target folder', () => {
  it('pulling a newer version over an earlier pull: pulled files are replaced, unchanged ones left in place, other files kept', async () => {
    await logTwoVersions();
    const c = t.client();
    const dir = join(t.state.work, 'serving');
    await c.download('e/p/c:v0', dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await c.download('e/p/c:v1', dir);
    expect(r.bytesInPlace).toBe('{"layers":3}'.length);
    expect(r.bytesDownloaded).toBe('weights 1'.length + 'cat\ndog\n'.length);
    expect([read(dir, 'model.bin'), read(dir, 'config.json'), read(dir, 'sub/labels.txt'), read(dir, 'notes.txt')]).toEqual(['weights 1', '{"layers":3}', 'cat\ndog\n', 'mine']);
    // The same version again: everything is in place, nothing fetched.
    const again = await c.download('e/p/c:v1', dir);
    expect([again.bytesInPlace, again.bytesDownloaded, again.bytesFromCache]).toEqual([9 + 12 + 8, 0, 0]);
  });

  it('a file edited since the pull is DestinationConflict, and nothing is written; with overwrite it is replaced', async () => {
    await logTwoVersions();
    const c = t.client();
    const dir = join(t.state.work, 'serving');
    await c.download('e/p/c:v0', dir);
    writeFileSync(join(dir, 'model.bin'), 'fine-tuned by hand');
    const err = await c.download('e/p/c:v1', dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DestinationConflict', data: { dir, count: 1, conflicts: [{ path: 'model.bin' }] } });
    expect(read(dir, 'model.bin')).toBe('fine-tuned by hand');
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.bin']);

    await c.download('e/p/c:v1', dir, { overwrite: true });
    expect(read(dir, 'model.bin')).toBe('weights 1');
  });

  it('a file never pulled is a conflict too, unless it already has the right content', async () => {
    await logTwoVersions();
    const dir = t.write('serving', { 'model.bin': 'something else', 'config.json': '{"layers":3}' });
    const c = t.client();
    await expect(c.download('e/p/c:v1', dir)).rejects.toMatchObject({ code: 'DestinationConflict', data: { count: 1, conflicts: [{ path: 'model.bin' }] } });
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });

  it('a folder where a file goes, or a file where a folder goes, is refused even with overwrite, before any folder is made', async () => {
    await logTwoVersions();
    const c = t.client();
    const dir = join(t.state.work, 'serving');
    mkdirSync(join(dir, 'model.bin'), { recursive: true });
    writeFileSync(join(dir, 'sub'), 'a file');
    const err = await c.download('e/p/c:v1', dir, { overwrite: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DestinationConflict', data: { count: 2 } });
    expect((err as { data: { conflicts: { path: string }[] } }).data.conflicts.map((x) => x.path).sort()).toEqual(['model.bin', 'sub/labels.txt']);
    expect(readdirSync(dir).sort()).toEqual(['model.bin', 'sub']);
  });

  it('a target that is a file is refused; a symlink in place of a file is replaced only with overwrite, never written through', async () => {
    await logTwoVersions();
    const c = t.client();
    const file = t.write('x', { 'target.txt': 'not a folder' });
    await expect(c.download('e/p/c:v0', join(file, 'target.txt'))).rejects.toMatchObject({ code: 'DestinationConflict', data: { conflicts: [{ path: '' }] } });

    const outside = t.write('outside', { 'secret.txt': 'keep' });
    const dir = join(t.state.work, 'serving');
    mkdirSync(dir);
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'model.bin'));
    await expect(c.download('e/p/c:v0', dir)).rejects.toMatchObject({ code: 'DestinationConflict', data: { conflicts: [{ path: 'model.bin' }] } });
    await c.download('e/p/c:v0', dir, { overwrite: true });
    expect(read(dir, 'model.bin')).toBe('weights 0');
    expect(read(outside, 'secret.txt')).toBe('keep');
  });
  it('temp files a killed pull left (its pid gone, or our own pid reused) are removed by the next pull; a running pull\'s are left alone', async () => {
    await logTwoVersions();
    const c = t.client();
    const dir = join(t.state.work, 'serving');
    await c.download('e/p/c:v0', dir);
    mkdirSync(join(dir, 'sub'));
    // What a SIGKILL between writing a file under its temp name and the rename leaves.
    const deadPid = '.arca-tmp-2147483646-0123456789abcdef-0';
    const ownPidEarlierProcess = `.arca-tmp-${process.pid}-fedcba9876543210-1k`;
    const running = `.arca-tmp-${process.ppid}-00112233445566ff-2`;
    writeFileSync(join(dir, deadPid), 'half a fi');
    writeFileSync(join(dir, 'sub', deadPid), 'cat\n');
    writeFileSync(join(dir, ownPidEarlierProcess), 'weig');
    writeFileSync(join(dir, running), 'being written');
    await c.download('e/p/c:v1', dir);
    expect(readdirSync(dir).sort()).toEqual([running, 'config.json', 'model.bin', 'sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['labels.txt']);
  });

  it('judges temp files of a pull in another container (another namespace tag) by their age, not their pid', async () => {
    await logTwoVersions();
    const c = t.client();
    const dir = join(t.state.work, 'serving');
    await c.download('e/p/c:v0', dir);
    const other = namespaceTag() === 'ffffffff' ? 'eeeeeeee' : 'ffffffff';
    // Pid 2147483646 is not alive here, but it may be in that other container.
    const writing = `.arca-tmp-2147483646@${other}-0123456789abcdef-0`;
    const idle = `.arca-tmp-2147483646@${other}-fedcba9876543210-0`;
    const ours = `.arca-tmp-2147483646@${namespaceTag()}-00112233445566ff-0`;
    for (const name of [writing, idle, ours]) writeFileSync(join(dir, name), 'half a fi');
    const longAgo = new Date(Date.now() - FOREIGN_IDLE_MS - 60_000);
    utimesSync(join(dir, idle), longAgo, longAgo);
    await c.download('e/p/c:v1', dir);
    expect(readdirSync(dir).sort()).toEqual([writing, 'config.json', 'model.bin', 'sub']);
  });

  it('a partial file a killed pull of another version left is moved out of the folder into the cache, and a later pull of that version resumes from it', async () => {
    const MiB = 1024 * 1024;
    const [m0, m1] = [randomBytes(3 * MiB), randomBytes(3 * MiB)];
    const cacheDir = join(t.state.work, 'cache');
    const c = new ArcaClient({ url: t.state.url, apiKey: TEST_ADMIN_KEY, cacheDir, localReads: false, localWrites: false });
    const v0 = await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('v0', { 'model.bin': m0 })] });
    await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('v1', { 'model.bin': m1 })] });
    const dir = join(t.state.work, 'serving');
    mkdirSync(dir);
    // What a SIGKILL mid-pull of v0 leaves: the first 2 MiB of model.bin written, the rest not
    // yet. A chunk is at most 2 MiB, so the first one always lies wholly in it (with only 1 MiB
    // written, a first chunk longer than that left nothing to resume, and the test failed).
    const digest0 = v0.files[0]!.digest.slice(3);
    const killed = `.arca-part-2147483646-0123456789abcdef-0-${digest0}`;
    const running = `.arca-part-${process.ppid}-00112233445566ff-0-${digest0}`;
    writeFileSync(join(dir, killed), Buffer.concat([m0.subarray(0, 2 * MiB), Buffer.alloc(MiB)]));
    writeFileSync(join(dir, running), 'being written');

    const v1Pull = await c.download('e/p/m:v1', dir);
    expect(v1Pull.bytesDownloaded).toBe(m1.length);
    expect(readdirSync(dir).sort()).toEqual([running, 'model.bin']);

    const v0Pull = await c.download('e/p/m:v0', join(t.state.work, 'other'));
    expect(readFileSync(join(t.state.work, 'other', 'model.bin')).equals(m0)).toBe(true);
    // The chunks that lay wholly in those first 2 MiB came from the partial.
    expect(v0Pull.bytesFromCache).toBeGreaterThan(0);
    expect(v0Pull.bytesFromCache + v0Pull.bytesDownloaded).toBe(m0.length);
  });

  it('a symlink or a hard link named like a killed pull\'s partial is not taken over: the pull never writes through it', async () => {
    const MiB = 1024 * 1024;
    const m0 = randomBytes(3 * MiB);
    const c = t.client();
    const v0 = await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('v0', { 'model.bin': m0 })] });
    const digest0 = v0.files[0]!.digest.slice(3);
    const outside = t.write('outside', { 'secret.txt': 'keep', 'other.txt': 'keep too' });
    const dir = join(t.state.work, 'serving');
    mkdirSync(dir);
    const linked = `.arca-part-2147483646-0123456789abcdef-0-${digest0}`;
    const hardLinked = `.arca-part-2147483645-0123456789abcdef-0-${digest0}`;
    symlinkSync(join(outside, 'secret.txt'), join(dir, linked));
    linkSync(join(outside, 'other.txt'), join(dir, hardLinked));
    await t.client().download('e/p/m', dir);
    expect(read(outside, 'secret.txt')).toBe('keep');
    expect(read(outside, 'other.txt')).toBe('keep too');
    expect(lstatSync(join(dir, 'model.bin')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'model.bin')).equals(m0)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([hardLinked, linked, 'model.bin'].sort());
  });

  it('a pull resumes from its own version\'s partial where a killed pull left it', async () => {
    const MiB = 1024 * 1024;
    const m0 = randomBytes(3 * MiB);
    const c = new ArcaClient({ url: t.state.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(t.state.work, 'cache'), localReads: false, localWrites: false });
    const v0 = await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('v0', { 'model.bin': m0 })] });
    const dir = join(t.state.work, 'serving');
    mkdirSync(dir);
    writeFileSync(join(dir, `.arca-part-2147483646-0123456789abcdef-0-${v0.files[0]!.digest.slice(3)}`), Buffer.concat([m0.subarray(0, 2 * MiB), Buffer.alloc(MiB)]));
    // Another client, with a cache of its own: the partial is taken over in the folder.
    const r = await t.client().download('e/p/m', dir);
    expect(r.bytesFromCache).toBeGreaterThan(MiB);
    expect(r.bytesFromCache + r.bytesDownloaded).toBe(m0.length);
    expect(readdirSync(dir)).toEqual(['model.bin']);
    expect(readFileSync(join(dir, 'model.bin')).equals(m0)).toBe(true);
  });
});
