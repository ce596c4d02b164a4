import { chmod, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { buildTree } from '../objects/buildTree.js';
import { decodeObject } from '../objects/decodeObject.js';
import { encodeObject } from '../objects/encodeObject.js';
import { commitVersion } from './commitVersion.js';
import { fsck } from './fsck.js';
import { collectGarbage } from '../gc/collectGarbage.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';
import { useTempStore } from '../testing/useTempStore.js';

const t = useTempStore('arca-fsck-');

/** Files packed by putBatch, the tree loose by put, committed as a version. */
async function commitPacked(files: Record<string, string>): Promise<void> {
  const objects = Object.values(files).map((text) => ({ digest: hashBytes(Buffer.from(text)), bytes: Buffer.from(text) }));
  await t.store.objects.putBatch(objects);
  const tree = buildTree(Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text), digest: hashBytes(Buffer.from(text)) })));
  await t.store.objects.put(tree.digest, tree.bytes);
  await commitVersion(t.store, { collection: { entity: 'e', project: 'p', name: 'data' }, type: 'dataset', tree: tree.digest, actor: 'test' });
}

/** Flips one bit of the store's first pack where `text` starts, in place (its name stays). */
async function damageFirstPack(text: string): Promise<{ packsDir: string; pack: string }> {
  const packsDir = join(t.dataDir, 'objects', 'packs');
  const [pack] = await readdir(packsDir);
  const path = join(packsDir, pack!);
  await chmod(path, 0o644);
  const bytes = await readFile(path);
  bytes[bytes.indexOf(Buffer.from(text))]! ^= 0x20;
  await writeFile(path, bytes);
  return { packsDir, pack: pack! };
}

describe('fsck over packed objects', () => {
  const files = { 'a.txt': 'alpha '.repeat(100), 'b.txt': 'bravo '.repeat(100), 'c.txt': 'charlie '.repeat(100) };

  it('re-hashes packed objects and finds a healthy store healthy', async () => {
    await commitPacked(files);
    const report = await fsck(t.store);
    expect(report.corrupt).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.ok).toBe(true);
    // 3 packed files + tree + version object
    expect(report.objects).toBe(5);
  });

  it('reports a damaged byte in a pack as CorruptObject of that object', async () => {
    await commitPacked(files);
    await damageFirstPack('bravo');
    const report = await fsck(t.store);
    expect(report.ok).toBe(false);
    expect(report.corrupt).toEqual([{ digest: hashBytes(Buffer.from(files['b.txt'])), reason: 'CorruptObject', neededBy: 'e/p/data:v0/b.txt' }]);
    expect(report.objects).toBe(5);
  });

  it('reports a version whose tree gives a stored object another size (commits let that through before 2026-11-28)', async () => {
    await commitPacked(files);
    const a = hashBytes(Buffer.from(files['a.txt']));
    const lying = buildTree([{ path: 'a.txt', size: 1e9, digest: a }]);
    await t.store.objects.put(lying.digest, lying.bytes);
    // Point v0 at the lying tree, as an older server would have recorded it.
    const v0 = t.store.refs.db.prepare('SELECT digest FROM versions').get() as { digest: string };
    const { value } = decodeObject(await t.store.objects.get(v0.digest), v0.digest);
    const bytes = encodeObject('version', { ...(value as object), tree: lying.digest });
    await t.store.objects.put(hashBytes(bytes), bytes);
    t.store.refs.db.prepare('UPDATE versions SET digest = ?, tree = ?').run(hashBytes(bytes), lying.digest);

    const report = await fsck(t.store);
    expect(report.ok).toBe(false);
    expect(report.corrupt).toEqual([]);
    expect(report.brokenRefs).toHaveLength(1);
    expect(report.brokenRefs[0]!.ref).toBe('e/p/data:v0/a.txt');
  });

  it('repair quarantines damaged objects, packed and loose; uploading the right bytes again heals the store', async () => {
    await commitPacked(files);
    const b = hashBytes(Buffer.from(files['b.txt']));
    await damageFirstPack('bravo');
    const loose = Buffer.from('a loose object');
    const looseDigest = hashBytes(loose);
    await t.store.objects.put(looseDigest, loose);
    const loosePath = t.store.objects.pathOf(looseDigest);
    await chmod(loosePath, 0o644);
    await writeFile(loosePath, 'a LOOSE object');

    const report = await fsck(t.store, { repair: true });
    expect(report.quarantined.sort()).toEqual([b, looseDigest].sort());
    expect(report.missing).toEqual([{ digest: b, neededBy: 'e/p/data:v0/b.txt' }]);
    expect(t.store.objects.missing([b, looseDigest]).sort()).toEqual([b, looseDigest].sort());
    expect((await readdir(join(t.dataDir, 'quarantine'))).length).toBe(2);

    expect(await t.store.objects.put(b, Buffer.from(files['b.txt']))).toBe(true);
    const healed = await fsck(t.store);
    expect(healed).toMatchObject({ ok: true, corrupt: [], missing: [], quarantined: [] });
  });

  // What `arca log` of the same file does after a repair: the client sends the
  // missing objects as a batch, and a batch of the same objects as the damaged
  // pack gets that pack's name, which is still on disk.
  it('uploading the same batch again after a repair heals the store, though the damaged pack keeps its name', async () => {
    await commitPacked({ 'b.txt': files['b.txt'] });
    const { packsDir, pack } = await damageFirstPack('bravo');
    const damaged = hashBytes(Buffer.from(files['b.txt']));
    expect((await fsck(t.store, { repair: true })).quarantined).toEqual([damaged]);

    expect(await t.store.objects.putBatch([{ digest: damaged, bytes: Buffer.from(files['b.txt']) }])).toEqual({ stored: 1, existing: 0 });
    expect((await t.store.objects.get(damaged)).toString()).toBe(files['b.txt']);
    expect(await fsck(t.store)).toMatchObject({ ok: true, corrupt: [], missing: [] });
    // The same batch once more finds its bytes under the new name and stores nothing.
    expect(await t.store.objects.putBatch([{ digest: damaged, bytes: Buffer.from(files['b.txt']) }])).toEqual({ stored: 0, existing: 1 });
    expect((await readdir(packsDir)).sort()).toEqual([pack, pack.replace('.pack', '-1.pack')].sort());
  });
});

describe('fsck while the store is in use', () => {
  /** Loose objects no version names, dated two days back: garbage for any grace period up to a day. */
  async function oldGarbage(round: number, count: number): Promise<void> {
    const when = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    for (let i = 0; i < count; i++) {
      const bytes = pseudoRandomBytes(16 * 1024, round * count + i + 1);
      const digest = hashBytes(bytes);
      await t.store.objects.put(digest, bytes);
      await utimes(join(t.dataDir, 'objects', digest.slice(3, 5), digest.slice(5)), when, when);
    }
  }

  it('does not report objects that garbage collection removes during its run as damage', async () => {
    await commitPacked({ 'a.txt': 'alpha '.repeat(100) });
    // fsck lists every object, then reads each; the sweep lands between the two for
    // some of them in most rounds (in about half of them on a 2-core machine before fsck knew about it).
    for (let round = 0; round < 12; round++) {
      await oldGarbage(round, 150);
      const [report, gc] = await Promise.all([fsck(t.store), collectGarbage(t.store)]);
      expect(gc.removedObjects).toBe(150);
      expect(report.corrupt).toEqual([]);
      expect(report.missing).toEqual([]);
      expect(report.ok).toBe(true);
    }
    expect(await fsck(t.store)).toMatchObject({ ok: true, objects: 3 });
  });
});
