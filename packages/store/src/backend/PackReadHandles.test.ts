import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { chmod, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';
import { rejectionOf } from '../testing/rejectionOf.js';
import { PackReadHandles } from './PackReadHandles.js';
import { useTempObjectStore } from '../testing/useTempObjectStore.js';

const t = useTempObjectStore('arca-packhandles-');

const objects = (n: number, seed: number, size = 5000) =>
  Array.from({ length: n }, (_, i) => {
    const bytes = pseudoRandomBytes(size + i, seed * 1000 + i);
    return { digest: hashBytes(bytes), bytes };
  });
const packsDir = () => join(t.root, 'objects', 'packs');
const packFiles = async () => (existsSync(packsDir()) ? (await readdir(packsDir())).sort() : []);
/** Descriptors open on pack files of this store (Linux: /proc/self/fd). */
function openPacks(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(packsDir() + '/')) n++;
    } catch {
      // closed between readdir and readlink
    }
  }
  return n;
}

describe('reads through PackReadHandles (one request holding its packs open)', () => {
  it('reads every object of several packs right, opening each pack once and closing all at the end', async () => {
    const batches = [objects(20, 1), objects(20, 2), objects(20, 3)];
    for (const b of batches) await t.store.putBatch(b);
    expect(await packFiles()).toHaveLength(3);
    const packs = new PackReadHandles();
    const all = batches.flat();
    // Concurrently, as fetchObjects reads ahead.
    const got = await Promise.all(all.map((o) => t.store.getPooled(o.digest, packs)));
    got.forEach((g, i) => expect(g.bytes.equals(all[i]!.bytes)).toBe(true));
    expect(openPacks()).toBe(3);
    await packs.close();
    expect(openPacks()).toBe(0);
    await expect(packs.handle(join(packsDir(), 'x.pack'))).rejects.toThrow('after close');
  });

  it('still verifies every read: damaged bytes under an open handle are CorruptObject, a pack gone before its first read too', async () => {
    const a = objects(3, 4);
    const b = objects(3, 5);
    await t.store.putBatch(a);
    const [packA] = await packFiles();
    await t.store.putBatch(b);
    const packB = (await packFiles()).find((p) => p !== packA)!;
    const packs = new PackReadHandles();
    expect((await t.store.getPooled(a[0]!.digest, packs)).bytes.equals(a[0]!.bytes)).toBe(true);
    // Flip a byte of a[1] in place (same file, so the open handle sees it).
    const path = join(packsDir(), packA!);
    await chmod(path, 0o644);
    const bytes = await readFile(path);
    const at = bytes.indexOf(a[1]!.bytes.subarray(0, 64));
    bytes[at + 10]! ^= 0x01;
    await writeFile(path, bytes);
    expect((await rejectionOf(t.store.getPooled(a[1]!.digest, packs))).code).toBe('CorruptObject');
    expect((await t.store.getPooled(a[2]!.digest, packs)).bytes.equals(a[2]!.bytes)).toBe(true);
    await rm(join(packsDir(), packB));
    expect((await rejectionOf(t.store.getPooled(b[0]!.digest, packs))).code).toBe('CorruptObject');
    await packs.close();
  });
});
