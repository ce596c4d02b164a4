import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PackIndex } from './PackIndex.js';
import { PackIndexWriter } from './PackIndexWriter.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arca-packwriter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PackIndexWriter once its thread has ended', () => {
  it('closes again at once (no wait for an exit that already happened) and refuses inserts, so its owner starts a new one', async () => {
    const path = join(dir, 'packs.sqlite');
    new PackIndex(path).close();
    const writer = new PackIndexWriter(path);
    expect(await writer.insert([{ digest: 'b3:' + 'a'.repeat(64), pack: 'p1', offset: 0, size: 10 }])).toBe(1);
    expect(writer.alive).toBe(true);
    await writer.close();
    expect(writer.alive).toBe(false);
    await writer.close();
    await expect(writer.insert([{ digest: 'b3:' + 'b'.repeat(64), pack: 'p1', offset: 10, size: 10 }])).rejects.toMatchObject({ code: 'PackIndexWorker' });
  });
});

describe('PackIndexWriter on a file PackIndex has not made', () => {
  it('refuses the insert and creates nothing: only PackIndex turns a new file into WAL, so two connections never race to', async () => {
    const path = join(dir, 'packs.sqlite');
    const writer = new PackIndexWriter(path);
    await expect(writer.insert([{ digest: 'b3:' + 'a'.repeat(64), pack: 'p1', offset: 0, size: 10 }])).rejects.toMatchObject({ code: 'SQLITE_CANTOPEN' });
    await writer.close();
    expect(existsSync(path)).toBe(false);
  });
});
