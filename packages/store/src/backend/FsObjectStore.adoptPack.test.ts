import { existsSync, linkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';
import { rejectionOf } from '../testing/rejectionOf.js';
import { useTempObjectStore } from '../testing/useTempObjectStore.js';
import { PACK_MAGIC } from './PACK_MAGIC.js';

const t = useTempObjectStore('arca-adopt-');

/** The bytes of a pack holding `objects` (magic, then a frame per object), as a client stages it. */
function packOf(objects: { digest: string; bytes: Uint8Array }[]): Buffer {
  const parts: Uint8Array[] = [PACK_MAGIC];
  for (const o of objects) {
    const header = Buffer.alloc(36);
    header.write(o.digest.slice(3), 0, 'hex');
    header.writeUInt32BE(o.bytes.length, 32);
    parts.push(header, o.bytes);
  }
  return Buffer.concat(parts);
}

function sample(n: number, seed: number): { digest: string; bytes: Buffer }[] {
  return Array.from({ length: n }, (_, i) => {
    const bytes = Buffer.from(pseudoRandomBytes(1000 + 300 * i, seed + i));
    return { digest: hashBytes(bytes), bytes };
  });
}

async function stage(name: string, bytes: Uint8Array): Promise<string> {
  const dir = await t.store.openStaging();
  writeFileSync(join(dir, name), bytes);
  return name;
}

async function packFiles(): Promise<string[]> {
  return (await readdir(join(t.root, 'objects', 'packs')).catch(() => [] as string[])).filter((f) => f.endsWith('.pack'));
}

describe('FsObjectStore.adoptPack', () => {
  it('stores every object of a staged pack: readable, read-only, the staged name gone', async () => {
    const objects = sample(5, 1);
    expect(await t.store.adoptPack(await stage('a.pack', packOf(objects)))).toEqual({ stored: 5, existing: 0 });
    for (const o of objects) expect((await t.store.get(o.digest)).equals(o.bytes)).toBe(true);
    expect(t.store.missing(objects.map((o) => o.digest))).toEqual([]);
    expect(existsSync(join(t.store.stagingDir, 'a.pack'))).toBe(false);
    const [pack] = await packFiles();
    expect(statSync(join(t.root, 'objects', 'packs', pack!)).mode & 0o777).toBe(0o444);
    expect(statSync(t.store.stagingDir).mode & 0o777).toBe(0o700);
  });

  it('indexes only what was missing, and a pack of nothing new adds no file', async () => {
    const objects = sample(4, 10);
    await t.store.putBatch(objects.slice(0, 2));
    expect(await t.store.adoptPack(await stage('b.pack', packOf(objects)))).toEqual({ stored: 2, existing: 2 });
    const packs = await packFiles();
    expect(await t.store.adoptPack(await stage('c.pack', packOf(objects)))).toEqual({ stored: 0, existing: 4 });
    expect(await packFiles()).toEqual(packs);
  });

  it('refuses a pack with a wrong object: DigestMismatch, nothing stored, the staged file removed', async () => {
    const objects = sample(3, 20);
    const bad = packOf(objects);
    bad[bad.length - 1] ^= 0xff;
    const err = await rejectionOf(t.store.adoptPack(await stage('bad.pack', bad)));
    expect(err.code).toBe('DigestMismatch');
    expect(err.data).toMatchObject({ what: 'staged object', expected: objects[2]!.digest });
    expect(t.store.missing(objects.map((o) => o.digest))).toEqual(objects.map((o) => o.digest));
    expect(await packFiles()).toEqual([]);
    expect(existsSync(join(t.store.stagingDir, 'bad.pack'))).toBe(false);
  });

  it('refuses what is not a pack: no magic, a cut header, an object past the end', async () => {
    const whole = packOf(sample(2, 30));
    const cases: [string, Buffer][] = [
      ['does not start with the pack magic', Buffer.concat([Buffer.from('NOTAPACK'), whole.subarray(8)])],
      ['is cut short', whole.subarray(0, PACK_MAGIC.length + 20)],
      ['runs past the end of the file', whole.subarray(0, whole.length - 1)],
    ];
    for (const [i, [reason, bytes]] of cases.entries()) {
      const err = await rejectionOf(t.store.adoptPack(await stage(`x${i}.pack`, bytes)));
      expect([err.code, String(err.data.reason)]).toEqual(['InvalidArgument', expect.stringContaining(reason)]);
    }
    expect(await packFiles()).toEqual([]);
  });

  it('adopts only a plain file in the staging folder: not a path, a symlink, a file with other names, or nothing', async () => {
    const bytes = packOf(sample(1, 40));
    expect((await rejectionOf(t.store.adoptPack('../objects/x.pack'))).code).toBe('InvalidArgument');
    expect((await rejectionOf(t.store.adoptPack('none.pack'))).code).toBe('NotFound');
    const outside = join(t.root, 'outside.pack');
    writeFileSync(outside, bytes);
    symlinkSync(outside, join(await t.store.openStaging(), 'link.pack'));
    expect((await rejectionOf(t.store.adoptPack('link.pack'))).data).toMatchObject({ argument: 'file', reason: expect.stringContaining('symbolic link') });
    linkSync(outside, join(t.store.stagingDir, 'hard.pack'));
    expect((await rejectionOf(t.store.adoptPack('hard.pack'))).data).toMatchObject({ reason: expect.stringContaining('other names') });
    expect(await packFiles()).toEqual([]);
    expect(existsSync(outside)).toBe(true);
  });
});
