import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { describe, expect, it } from 'vitest';
import { useClientServer } from '../testing/useClientServer.js';

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
});
