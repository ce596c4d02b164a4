import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitVersion } from '../commands/commitVersion.js';
import { fsck } from '../commands/fsck.js';
import { hashBytes } from '../digest/hashBytes.js';
import { buildTree } from '../objects/buildTree.js';
import { rejectionOf } from '../testing/rejectionOf.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';
import type { AgedObject } from '../backend/ObjectSweeper.js';
import { collectGarbage } from './collectGarbage.js';
import { linkVersion } from '../commands/linkVersion.js';
import { parseRef } from '../names/parseRef.js';
import { setCollectionTtl } from '../retention/setCollectionTtl.js';
import { useTempStore } from '../testing/useTempStore.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const t = useTempStore('arca-gc-');

function blob(text: string): { digest: string; bytes: Buffer } {
  const bytes = Buffer.from(text);
  return { digest: hashBytes(bytes), bytes };
}

/** Commits loose files as a version of e/p/<name>; returns their objects. */
async function commitLoose(name: string, files: Record<string, string>): Promise<string[]> {
  const objs = Object.values(files).map(blob);
  for (const o of objs) await t.store.objects.put(o.digest, o.bytes);
  const tree = buildTree(Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text), digest: blob(text).digest })));
  await t.store.objects.put(tree.digest, tree.bytes);
  await commitVersion(t.store, { collection: { entity: 'e', project: 'p', name }, type: 'dataset', tree: tree.digest, actor: 'test' });
  return objs.map((o) => o.digest);
}

/** Sets every stored file (objects, packs, temp files) back in time, as if written days ago. */
function ageEverything(ms: number): void {
  const when = new Date(Date.now() - ms);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.sqlite') && !name.includes('.sqlite-')) utimesSync(path, when, when);
    }
  };
  walk(join(t.dataDir, 'objects'));
  walk(join(t.dataDir, 'tmp'));
}

/**
 * Holds the pack index's write lock from another process for `ms`, as a slow
 * commit of a gc running next to the server would. Resolves once it is held,
 * with the promise of its release.
 */
async function holdPackIndexLock(ms: number): Promise<{ released: Promise<void> }> {
  const source = `
    const db = new (require(process.env.SQLITE))(process.env.INDEX);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('held\\n');
    setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, Number(process.env.HOLD_MS));
  `;
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const env = { ...process.env, SQLITE: sqlite, INDEX: join(t.dataDir, 'objects', 'packs.sqlite'), HOLD_MS: String(ms) };
  const child = spawn(process.execPath, ['-e', source], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  return { released: once(child, 'exit').then(() => {}) };
}

/**
 * Two checkpoints of e/p/ckpt past a 1 s TTL, objects aged past the grace
 * period: v0 expired, v1 exempt (linked into the registry).
 */
async function twoCheckpointsOneExpired(): Promise<void> {
  await commitLoose('ckpt', { 'm.bin': 'epoch 1' });
  await commitLoose('ckpt', { 'm.bin': 'epoch 2' });
  await linkVersion(t.store, { source: parseRef('e/p/ckpt:v1'), registry: { entity: 'e', project: 'model-registry', name: 'Clf' }, actor: 'test' });
  setCollectionTtl(t.store, { collection: { entity: 'e', project: 'p', name: 'ckpt' }, ttlSeconds: 1, actor: 'test' });
  await new Promise((r) => setTimeout(r, 1100));
  ageEverything(2 * DAY_MS);
}

describe('collectGarbage', () => {
  it('removes old unreferenced loose objects and keeps what versions need', async () => {
    const kept = await commitLoose('data', { 'a.txt': 'alpha', 'b.txt': 'bravo' });
    const junk = blob('abandoned upload');
    await t.store.objects.put(junk.digest, junk.bytes);
    ageEverything(2 * DAY_MS);

    const report = await collectGarbage(t.store);

    expect(report).toMatchObject({ dryRun: false, removedObjects: 1, removedBytes: junk.bytes.length, youngObjects: 0 });
    expect(t.store.objects.has(junk.digest)).toBe(false);
    for (const d of kept) expect(t.store.objects.has(d)).toBe(true);
    expect((await fsck(t.store)).ok).toBe(true);
  });

  it('keeps unreferenced objects younger than the grace period', async () => {
    const junk = blob('uploaded a minute ago, commit still to come');
    await t.store.objects.put(junk.digest, junk.bytes);

    const report = await collectGarbage(t.store);

    expect(report).toMatchObject({ removedObjects: 0, youngObjects: 1 });
    expect(t.store.objects.has(junk.digest)).toBe(true);
  });

  it('in a dry run reports what it would remove and removes nothing', async () => {
    const junk = blob('garbage');
    await t.store.objects.put(junk.digest, junk.bytes);
    ageEverything(2 * DAY_MS);

    const report = await collectGarbage(t.store, { dryRun: true });

    expect(report).toMatchObject({ dryRun: true, removedObjects: 1, removedBytes: junk.bytes.length });
    expect(t.store.objects.has(junk.digest)).toBe(true);
  });

  it('spares an old object that a client was just told is present (missing freshens it)', async () => {
    const reused = blob('stored long ago, about to be named by a new commit');
    await t.store.objects.put(reused.digest, reused.bytes);
    ageEverything(2 * DAY_MS);

    expect(t.store.objects.missing([reused.digest])).toEqual([]);
    const report = await collectGarbage(t.store);

    expect(report).toMatchObject({ removedObjects: 0, youngObjects: 1 });
    expect(t.store.objects.has(reused.digest)).toBe(true);
  });

  it('refreshes the age of an object uploaded again', async () => {
    const again = blob('uploaded twice');
    await t.store.objects.put(again.digest, again.bytes);
    ageEverything(2 * DAY_MS);

    expect(await t.store.objects.put(again.digest, again.bytes)).toBe(false);
    expect((await collectGarbage(t.store)).removedObjects).toBe(0);
  });

  it('deletes a pack whose objects are all garbage and keeps packs that hold needed ones', async () => {
    const live = [blob('live one'), blob('live two')];
    await t.store.objects.putBatch(live);
    const tree = buildTree(live.map((o, i) => ({ path: `f${i}`, size: o.bytes.length, digest: o.digest })));
    await t.store.objects.put(tree.digest, tree.bytes);
    await commitVersion(t.store, { collection: { entity: 'e', project: 'p', name: 'packed' }, type: 'dataset', tree: tree.digest, actor: 'test' });
    await t.store.objects.putBatch([blob('dead one'), blob('dead two')]);
    ageEverything(2 * DAY_MS);

    const report = await collectGarbage(t.store);

    expect(report).toMatchObject({ removedObjects: 2, removedPacks: 1, repackedPacks: 0 });
    expect(await readdir(join(t.dataDir, 'objects', 'packs'))).toHaveLength(1);
    for (const o of live) expect(await t.store.objects.get(o.digest)).toEqual(o.bytes);
    expect((await fsck(t.store)).ok).toBe(true);
  });

  it('keeps an object a client asked about while its pack was being rewritten (the question freshens it; the rewrite must not undo that)', async () => {
    const kept = blob('asked about by a log that has not committed yet');
    const dead = { digest: '', bytes: pseudoRandomBytes(64 * 1024, 8) };
    dead.digest = hashBytes(dead.bytes);
    await t.store.objects.putBatch([kept, dead]);
    ageEverything(2 * DAY_MS);
    const sweeper = t.store.objects.sweeper();
    const aged: AgedObject[] = [];
    for await (const copy of sweeper.aged()) if (copy.digest === dead.digest) aged.push(copy);
    expect(sweeper.removeIfOlder(aged, Date.now() - DAY_MS)).toHaveLength(1);
    const [pack] = sweeper.packs();

    // A gc rewrites the pack, now mostly garbage; meanwhile a client logging `kept`
    // asks whether the server has it: yes, and that answer freshens it.
    const rewriting = sweeper.repack(pack!.name, 'test-repack');
    expect(t.store.objects.missing([kept.digest])).toEqual([]);
    await rewriting;

    // The next gc, well within the grace period of that answer, must leave it for the commit.
    const report = await collectGarbage(t.store);
    expect(report).toMatchObject({ removedObjects: 0, youngObjects: 1 });
    const tree = buildTree([{ path: 'kept.txt', size: kept.bytes.length, digest: kept.digest }]);
    await t.store.objects.put(tree.digest, tree.bytes);
    await commitVersion(t.store, { collection: { entity: 'e', project: 'p', name: 'late' }, type: 'dataset', tree: tree.digest, actor: 'test' });
    expect(await t.store.objects.get(kept.digest)).toEqual(kept.bytes);
  });

  it('rewrites a mostly-garbage pack without the garbage, keeping its age', async () => {
    const live = blob('the one file a version needs');
    const dead = { digest: '', bytes: pseudoRandomBytes(64 * 1024, 7) };
    dead.digest = hashBytes(dead.bytes);
    await t.store.objects.putBatch([live, dead]);
    const tree = buildTree([{ path: 'keep.txt', size: live.bytes.length, digest: live.digest }]);
    await t.store.objects.put(tree.digest, tree.bytes);
    await commitVersion(t.store, { collection: { entity: 'e', project: 'p', name: 'mixed' }, type: 'dataset', tree: tree.digest, actor: 'test' });
    ageEverything(2 * DAY_MS);
    const packsDir = join(t.dataDir, 'objects', 'packs');
    const [before] = await readdir(packsDir);
    const sizeBefore = (await stat(join(packsDir, before!))).size;

    const report = await collectGarbage(t.store);

    expect(report).toMatchObject({ removedObjects: 1, repackedPacks: 1 });
    const [after] = await readdir(packsDir);
    expect(after).not.toBe(before);
    const st = await stat(join(packsDir, after!));
    expect(report.repackedBytes).toBe(sizeBefore - st.size);
    expect(st.size).toBeLessThan(1024);
    expect(Date.now() - st.mtimeMs).toBeGreaterThan(DAY_MS);
    expect(await t.store.objects.get(live.digest)).toEqual(live.bytes);
    expect(t.store.objects.has(dead.digest)).toBe(false);
    expect((await fsck(t.store)).ok).toBe(true);
  });

  it('never deletes a pack that an upload of the same batch is indexing again (its rows swept, the file not yet)', async () => {
    const batch = [0, 1, 2].map((i) => {
      const bytes = pseudoRandomBytes(10_000, 40 + i);
      return { digest: hashBytes(bytes), bytes };
    });
    await t.store.objects.putBatch(batch);
    ageEverything(2 * DAY_MS);
    // A collection half done: the sweep took the rows of these unreferenced objects, and
    // listed their pack, old and now empty, for removal.
    const sweeper = t.store.objects.sweeper();
    const copies = [];
    for await (const c of sweeper.aged()) copies.push(c);
    expect(t.store.refs.transaction(() => sweeper.removeIfOlder(copies, Date.now() - DAY_MS))).toHaveLength(3);
    const [empty] = sweeper.packs();
    expect(empty).toMatchObject({ objects: 0 });
    // Meanwhile a client logs the same files again: the same batch, so the same pack
    // name and bytes, which the upload takes over. Its index commit is slow (the lock
    // is held elsewhere), and the collection removes the empty pack in between.
    const { released } = await holdPackIndexLock(1500);
    const upload = t.store.objects.putBatch(batch);
    await new Promise((r) => setTimeout(r, 300));
    sweeper.removePack(empty!.name);
    await released;

    expect(await upload).toEqual({ stored: 3, existing: 0 });
    // What the upload acknowledged is stored: a commit may name it now.
    expect(t.store.objects.missing(batch.map((o) => o.digest))).toEqual([]);
    for (const o of batch) expect(await t.store.objects.get(o.digest)).toEqual(o.bytes);
    expect((await fsck(t.store)).ok).toBe(true);
  });

  it('removes old temp files left by interrupted uploads, not fresh ones', async () => {
    await writeFile(join(t.dataDir, 'tmp', 'crashed-upload'), 'half');
    ageEverything(2 * DAY_MS);
    await writeFile(join(t.dataDir, 'tmp', 'upload-in-progress'), 'half');

    expect((await collectGarbage(t.store)).removedTempFiles).toBe(1);
    expect(await readdir(join(t.dataDir, 'tmp'))).toEqual(['upload-in-progress']);
  });

  it('refuses to sweep when a tree a version needs cannot be read', async () => {
    await commitLoose('data', { 'a.txt': 'alpha' });
    const junk = blob('garbage');
    await t.store.objects.put(junk.digest, junk.bytes);
    ageEverything(2 * DAY_MS);
    const tree = t.store.refs.allVersions()[0]!.tree;
    await unlink(t.store.objects.pathOf(tree));

    const err = await rejectionOf(collectGarbage(t.store));

    expect(err).toMatchObject({ code: 'StoreDamaged', data: { unreadable: [tree] } });
    expect(t.store.objects.has(junk.digest)).toBe(true);
  });

  it('refuses a grace period shorter than the freshen interval', async () => {
    const err = await rejectionOf(collectGarbage(t.store, { gracePeriodSeconds: 60 }));
    expect(err).toMatchObject({ code: 'InvalidArgument', data: { argument: 'gracePeriodSeconds' } });
  });

  it('runs one at a time, and takes over the lock of a process that died', async () => {
    const running = collectGarbage(t.store);
    const second = await rejectionOf(collectGarbage(t.store));
    expect(second).toMatchObject({ code: 'GcRunning', data: { pid: process.pid } });
    await running;

    // A lock left by a process that no longer exists.
    t.store.refs.db.prepare("INSERT INTO gc_lock (id, pid, token, started_at) VALUES (1, 2147483646, 'x', 'then')").run();
    await expect(collectGarbage(t.store)).resolves.toMatchObject({ dryRun: false });
  });

  it('a lock row left by an earlier process with our own pid (PID 1 in a restarted container) is taken over', async () => {
    // A server running as PID 1 killed mid-collection, restarted as PID 1: the row's pid is alive again, in us.
    t.store.refs.db.prepare("INSERT INTO gc_lock (id, pid, token, started_at) VALUES (1, ?, 'from-the-killed-pid-1', 'then')").run(process.pid);
    await expect(collectGarbage(t.store)).resolves.toMatchObject({ dryRun: false });
    expect(t.store.refs.db.prepare('SELECT COUNT(*) AS n FROM gc_lock').get()).toEqual({ n: 0 });
  });

  it('a commit whose object is swept between its check and its transaction fails with MissingObjects and names nothing', async () => {
    const file = blob('swept at the worst moment');
    await t.store.objects.put(file.digest, file.bytes);
    const tree = buildTree([{ path: 'f.txt', size: file.bytes.length, digest: file.digest }]);
    await t.store.objects.put(tree.digest, tree.bytes);
    // A collection in another process removes the file right after the commit's first check.
    // (The first check asks storedSizes, for presence and sizes; the one in the transaction asks missing, which asks storedSizes.)
    const realStoredSizes = t.store.objects.storedSizes.bind(t.store.objects);
    let calls = 0;
    t.store.objects.storedSizes = (digests) => {
      const out = realStoredSizes(digests);
      if (++calls === 1) unlinkSync(t.store.objects.pathOf(file.digest));
      return out;
    };

    const err = await rejectionOf(commitVersion(t.store, { collection: { entity: 'e', project: 'p', name: 'late' }, type: 'dataset', tree: tree.digest, actor: 'test' }));

    expect(err).toMatchObject({ code: 'MissingObjects', data: { missing: [file.digest] } });
    expect(t.store.refs.allVersions()).toEqual([]);
  });

  it('applies retention first: an expired version is deleted and its objects swept in the same run, a linked one is exempt', async () => {
    await twoCheckpointsOneExpired();

    const report = await collectGarbage(t.store);

    expect(report).toMatchObject({ expiredVersions: 1, exemptVersions: 1 });
    // v0's file, tree and version object.
    expect(report.removedObjects).toBe(3);
    expect(t.store.objects.has(blob('epoch 1').digest)).toBe(false);
    expect(t.store.objects.has(blob('epoch 2').digest)).toBe(true);
    expect((await fsck(t.store)).ok).toBe(true);
  });

  it('a dry run counts what the versions retention would delete would free, as the real run then frees, and deletes nothing', async () => {
    await twoCheckpointsOneExpired();

    const dry = await collectGarbage(t.store, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, expiredVersions: 1, exemptVersions: 1, removedObjects: 3 });
    expect(t.store.refs.allVersions()).toHaveLength(3);
    expect(t.store.objects.has(blob('epoch 1').digest)).toBe(true);

    const real = await collectGarbage(t.store);
    expect(real).toMatchObject({ expiredVersions: 1, removedObjects: dry.removedObjects, removedBytes: dry.removedBytes, liveObjects: dry.liveObjects });
  });
});
