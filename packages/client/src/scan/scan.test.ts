import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanFile } from '@arca/store';
import { afterEach, describe, expect, it } from 'vitest';
import { collectFiles } from './collectFiles.js';
import { identityOf } from './identityOf.js';
import { ScanCache } from './ScanCache.js';
import { scanBuffer } from './scanBuffer.js';
import { scanFiles } from './scanFiles.js';
import { lstat } from 'node:fs/promises';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'arca-client-'));
  made.push(d);
  return d;
}

async function identity(p: string) {
  return identityOf(await lstat(p, { bigint: true }));
}

/** An hour ago: older than any scan's start, so the scan cache trusts the file. */
const OLD = new Date(Date.now() - 3600_000);

/** A 4 MiB file (several chunks) old enough for the scan cache to trust, and a cache folder beside it. */
function oldMultiChunkFile(): { cacheDir: string; p: string } {
  const dir = tmp();
  const p = join(dir, 'f.bin');
  writeFileSync(p, randomBytes(4 * 1024 * 1024));
  utimesSync(p, OLD, OLD);
  return { cacheDir: join(dir, 'cache'), p };
}

describe('scanBuffer', () => {
  it('agrees with scanFile for empty, one-chunk and many-chunk files', async () => {
    const dir = tmp();
    for (const size of [0, 1, 128 * 1024, 128 * 1024 + 1, 3 * 1024 * 1024 + 17]) {
      const p = join(dir, `f${size}`);
      const bytes = randomBytes(size);
      writeFileSync(p, bytes);
      expect(scanBuffer(bytes)).toEqual(await scanFile(p));
    }
  });
});

describe('collectFiles', () => {
  it('adds a file under its base name and a folder’s files under their relative paths', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'data/sub'), { recursive: true });
    writeFileSync(join(dir, 'data/a.txt'), 'a');
    writeFileSync(join(dir, 'data/sub/b.txt'), 'b');
    writeFileSync(join(dir, 'model.onnx'), 'm');
    const files = await collectFiles([join(dir, 'data'), join(dir, 'model.onnx')]);
    expect(files.map((f) => f.path).sort()).toEqual(['a.txt', 'model.onnx', 'sub/b.txt']);
  });

  it('follows a symlink that stays inside the folder and refuses one that leaves it', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'art'));
    writeFileSync(join(dir, 'art/real.txt'), 'r');
    writeFileSync(join(dir, 'secret.txt'), 's');
    symlinkSync('real.txt', join(dir, 'art/alias.txt'));
    expect((await collectFiles([join(dir, 'art')])).map((f) => f.path).sort()).toEqual(['alias.txt', 'real.txt']);
    symlinkSync('../secret.txt', join(dir, 'art/leak.txt'));
    await expect(collectFiles([join(dir, 'art')])).rejects.toMatchObject({ code: 'InvalidPath', data: { path: 'leak.txt' } });
  });

  it('refuses a symlink cycle', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'art/sub'), { recursive: true });
    symlinkSync('..', join(dir, 'art/sub/up'));
    await expect(collectFiles([join(dir, 'art')])).rejects.toMatchObject({ code: 'InvalidPath' });
  });

  it('refuses a file name that is not a safe artifact path', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'art'));
    writeFileSync(join(dir, 'art', 'a\\b'), 'x');
    await expect(collectFiles([join(dir, 'art')])).rejects.toMatchObject({ code: 'InvalidPath' });
  });
});

describe('ScanCache', () => {

  it('returns a recorded result only while the file is unchanged, across instances', async () => {
    const dir = tmp();
    const cacheDir = join(dir, 'cache');
    const p = join(dir, 'f.bin');
    writeFileSync(p, randomBytes(1000));
    utimesSync(p, OLD, OLD);
    const files = await collectFiles([p]);
    const first = await scanFiles(files, new ScanCache(cacheDir), 4, undefined);
    expect(first.filesRead).toBe(1);
    const again = await scanFiles(await collectFiles([p]), new ScanCache(cacheDir), 4, undefined);
    expect(again.filesRead).toBe(0);
    expect(again.files[0]!.scan).toEqual(first.files[0]!.scan);

    // Same size, same mtime restored: only ctime tells, and it must.
    const bytes = readFileSync(p);
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(p, bytes);
    utimesSync(p, OLD, OLD);
    const changed = await scanFiles(await collectFiles([p]), new ScanCache(cacheDir), 4, undefined);
    expect(changed.filesRead).toBe(1);
    expect(changed.files[0]!.scan.digest).not.toBe(first.files[0]!.scan.digest);
    expect(changed.files[0]!.scan).toEqual(await scanFile(p));
  });

  it('does not record a file modified just before it was read (racy timestamps)', async () => {
    const dir = tmp();
    const p = join(dir, 'f.bin');
    writeFileSync(p, 'fresh');
    const cache = new ScanCache(join(dir, 'cache'));
    const scan = scanBuffer(Buffer.from('fresh'));
    const id = await identity(p);
    cache.record(p, id, scan, Date.now());
    expect(cache.lookup(p, id)).toBeUndefined();
    cache.record(p, id, scan, Number(BigInt(id.mtimeNs) / 1_000_000n) + 1000);
    expect(cache.lookup(p, id)).toEqual(scan);
  });

  it('skips a damaged index line and still serves the others', async () => {
    const dir = tmp();
    const cacheDir = join(dir, 'cache');
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, 'aaa');
    writeFileSync(b, 'bbb');
    utimesSync(a, OLD, OLD);
    utimesSync(b, OLD, OLD);
    await scanFiles(await collectFiles([a, b]), new ScanCache(cacheDir), 4, undefined);
    appendFileSync(join(cacheDir, 'scan-index.jsonl'), '{"path": "torn');
    const again = await scanFiles(await collectFiles([a, b]), new ScanCache(cacheDir), 4, undefined);
    expect(again.filesRead).toBe(0);
    expect(statSync(join(cacheDir, 'scan-index.jsonl')).size).toBeGreaterThan(0);
  });

  it('does not believe an index line damaged so that it still parses (a digit of a digest changed): the file is read again', async () => {
    const { cacheDir, p } = oldMultiChunkFile();
    const first = await scanFiles(await collectFiles([p]), new ScanCache(cacheDir), 4, undefined);
    expect(first.files[0]!.scan.chunks.length).toBeGreaterThan(1);
    const index = join(cacheDir, 'scan-index.jsonl');
    const line = readFileSync(index, 'utf8');
    const digest = first.files[0]!.scan.digest;
    const flipped = digest.slice(0, -1) + (digest.endsWith('0') ? '1' : '0');
    for (const damaged of [line.replace(digest, flipped), line.replace(first.files[0]!.scan.chunks[0]!.digest, flipped)]) {
      expect(damaged).not.toBe(line);
      writeFileSync(index, damaged);
      const again = await scanFiles(await collectFiles([p]), new ScanCache(cacheDir), 4, undefined);
      expect(again.filesRead).toBe(1);
      expect(again.files[0]!.scan).toEqual(await scanFile(p));
    }
  });

  it('a line of another shape (another version of the index, chunk lists that are not pairs) costs a rescan, not a crash', async () => {
    const { cacheDir, p } = oldMultiChunkFile();
    await scanFiles(await collectFiles([p]), new ScanCache(cacheDir), 4, undefined);
    const index = join(cacheDir, 'scan-index.jsonl');
    const { sum: _sum, ...entry } = JSON.parse(readFileSync(index, 'utf8'));
    const shapes = [
      { ...entry, chunks: 5 },
      { ...entry, chunks: entry.chunks.map(([digest, size]: [string, number]) => ({ digest, size })) },
      { ...entry, chunks: [null, ...entry.chunks.slice(1)] },
      { ...entry, size: String(entry.size) },
      entry, // no checksum: written before lines carried one
    ];
    for (const shape of shapes) {
      writeFileSync(index, JSON.stringify(shape) + '\n');
      const again = await scanFiles(await collectFiles([p]), new ScanCache(cacheDir), 4, undefined);
      expect(again.filesRead).toBe(1);
      expect(again.files[0]!.scan).toEqual(await scanFile(p));
    }
  });

  it('reports scan progress ending at the totals', async () => {
    const dir = tmp();
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, `f${i}`), randomBytes(100));
    const events: { bytesDone: number; filesDone: number; bytesTotal: number; filesTotal: number }[] = [];
    await scanFiles(await collectFiles([dir]), new ScanCache(join(tmp(), 'c')), 4, (e) => events.push(e));
    expect(events.at(-1)).toMatchObject({ phase: 'scan', bytesDone: 2000, bytesTotal: 2000, filesDone: 20, filesTotal: 20 });
  });
});
