import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { describe, expect, it } from 'vitest';
import { fetchFailingAfterUploads } from '../testing/fetchFailingAfterUploads.js';
import { useClientServer } from '../testing/useClientServer.js';
import { OfflineStore } from './OfflineStore.js';

const t = useClientServer(startServer);

function offline(actor = 'alice'): OfflineStore {
  return new OfflineStore({ dir: join(t.state.work, 'offline'), actor, cacheDir: join(t.state.work, 'offline-cache') });
}

describe('offline log and sync', () => {
  it('logs offline without a server, then sync creates the versions in order with aliases, metadata, created time and actor', async () => {
    const store = offline();
    const a = t.write('a', { 'model.bin': randomBytes(3 * 1024 * 1024), 'cfg.json': '{"lr":1}' });
    const b = t.write('b', { 'model.bin': randomBytes(1024), 'cfg.json': '{"lr":2}' });
    const d = t.write('d', { 'rows.csv': 'x\n1\n' });
    const v0 = await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [a], metadata: { acc: 0.5 }, description: 'first' });
    const ds = await store.logArtifact({ name: 'e/p/ds', type: 'dataset', paths: [d] });
    const v1 = await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [b], aliases: ['best'] });
    expect([v0.version.version, ds.version.version, v1.version.version]).toEqual(['v0', 'v0', 'v1']);
    expect(v1.version).toMatchObject({ aliases: ['best', 'latest'], synced: null, actor: 'alice' });
    expect(await t.client().listCollections('e', 'p')).toEqual([]);

    const r = await t.client().sync(store);
    expect(r.versions.map((v) => [v.collection, v.offlineVersion, v.outcome, v.version])).toEqual([
      ['e/p/m', 'v0', 'created', 'v0'],
      ['e/p/ds', 'v0', 'created', 'v0'],
      ['e/p/m', 'v1', 'created', 'v1'],
    ]);
    expect(r.renumbered).toEqual([]);
    expect(r.objectsUploaded).toBe(r.objectsMissing);
    const onServer = await t.client().listVersions('e/p/m');
    expect(onServer.map((v) => [v.version, v.aliases, v.metadata, v.description, v.actor, v.createdAt])).toEqual([
      ['v0', [], { acc: 0.5 }, 'first', 'admin', v0.version.createdAt],
      ['v1', ['best', 'latest'], {}, '', 'admin', v1.version.createdAt],
    ]);
    // The server took the offline version objects as they were: same digests.
    expect(onServer.map((v) => v.digest)).toEqual([v0.version.digest, v1.version.digest]);
    expect(store.versions().map((v) => v.synced?.version)).toEqual(['v0', 'v0', 'v1']);
    const pulled = await t.client().download('e/p/m:v0', join(t.state.work, 'out'));
    expect(pulled.files.map((f) => f.path)).toEqual(['cfg.json', 'model.bin']);
  });

  it('sync to a server on this machine stores the objects through its staging folder, as a log does', async () => {
    const store = offline();
    const files = { 'model.bin': randomBytes(3 * 1024 * 1024), 'cfg.json': '{"lr":1}' };
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('a', files)] });
    const paths: string[] = [];
    const watching: typeof fetch = (input, init) => {
      paths.push(new URL(String(input)).pathname.replace('/api/v1', ''));
      return fetch(input, init);
    };
    const r = await t.client({ localWrites: true, fetch: watching }).sync(store);
    expect(r.versions.map((v) => v.outcome)).toEqual(['created']);
    expect(paths.filter((p) => p === '/objects/adopt').length).toBeGreaterThan(0);
    expect(paths.filter((p) => p === '/objects/batch' || p.startsWith('/objects/b3:'))).toEqual([]);
    const pulled = await t.client().download('e/p/m', join(t.state.work, 'out'));
    expect(pulled.files.map((f) => f.path)).toEqual(['cfg.json', 'model.bin']);
  });

  it('syncing twice creates nothing twice, even when the local record of the first sync is lost', async () => {
    const store = offline();
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('a', { 'm.bin': 'weights' })], aliases: ['best'] });
    const c = t.client();
    expect((await c.sync(store)).versions).toHaveLength(1);
    const log = await c.refLog('e/p/m');
    const again = await c.sync(store);
    expect(again).toMatchObject({ versions: [], alreadySynced: 1, objectsMissing: 0, objectsUploaded: 0 });
    rmSync(join(store.dir, 'synced.jsonl'));
    const third = await c.sync(store);
    expect(third.versions.map((v) => [v.outcome, v.version])).toEqual([['already-synced', 'v0']]);
    expect(third.objectsUploaded).toBe(0);
    expect(await c.refLog('e/p/m')).toEqual(log);
  });

  it('reports the mapping when the server numbers differently, and a dry run sends and creates nothing', async () => {
    const c = t.client();
    await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('online', { 'm.bin': 'online' })] });
    const store = offline();
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('o1', { 'm.bin': 'offline 1' })] });
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('o2', { 'm.bin': 'offline 2' })] });
    const before = await c.stats();
    const dry = await c.sync(store, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, objectsMissing: 6, objectsUploaded: 0 });
    expect(dry.versions.map((v) => [v.offlineVersion, v.outcome, v.version])).toEqual([['v0', 'pending', null], ['v1', 'pending', null]]);
    expect(await c.stats()).toEqual(before);
    const r = await c.sync(store);
    expect(r.renumbered).toEqual([
      { collection: 'e/p/m', offline: 'v0', server: 'v1' },
      { collection: 'e/p/m', offline: 'v1', server: 'v2' },
    ]);
    const versions = await c.listVersions('e/p/m');
    expect(versions.map((v) => v.version)).toEqual(['v0', 'v1', 'v2']);
  });

  it('an offline log of content it already holds gives aliases, which sync moves on the server', async () => {
    const store = offline();
    const a = t.write('a', { 'm.bin': 'A' });
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [a] });
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('b', { 'm.bin': 'B' })] });
    const again = await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [a], aliases: ['prod'] });
    expect(again).toMatchObject({ created: false, version: { version: 'v0', aliases: ['prod'] } });
    expect(again.notApplied).toBeUndefined();
    const described = await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [a], description: 'too late' });
    expect(described).toMatchObject({ created: false, notApplied: ['description'], version: { description: '' } });
    await expect(store.logArtifact({ name: 'e/p/m', type: 'dataset', paths: [a] })).rejects.toMatchObject({ code: 'TypeMismatch' });
    await expect(store.logArtifact({ name: 'e/p/m', type: 'model', paths: [a], aliases: ['a/b'] })).rejects.toMatchObject({ code: 'InvalidName' });
    const r = await t.client().sync(store);
    expect(r.versions.map((v) => [v.offlineVersion, v.outcome, v.version])).toEqual([['v0', 'created', 'v0'], ['v1', 'created', 'v1'], ['v0', 'aliases', 'v0']]);
    expect((await t.client().resolve('e/p/m:prod')).version).toBe('v0');
  });

  it('an offline alias change wins over an online move made before the sync, but not over one made after a sync whose answer was lost', async () => {
    // v0, v1, then v0 again with alias prod: an alias change of its own in the journal.
    const logThree = async (store: OfflineStore, name: string): Promise<void> => {
      const a = t.write('a', { 'm.bin': 'A' });
      await store.logArtifact({ name, type: 'model', paths: [a] });
      await store.logArtifact({ name, type: 'model', paths: [t.write('b', { 'm.bin': 'B' })] });
      await store.logArtifact({ name, type: 'model', paths: [a], aliases: ['prod'] });
    };
    // Before: someone points prod at v1 online just before the sync reaches the alias change.
    const first = offline();
    await logThree(first, 'e/p/m');
    let movedOnline = false;
    const moveFirst: typeof fetch = async (input, init) => {
      if (!movedOnline && String(input).includes('/resolve?ref=e%2Fp%2Fm%3Aprod')) {
        movedOnline = true;
        await t.client().setAlias('e/p/m:v1', 'prod');
      }
      return fetch(input, init);
    };
    const before = await t.client({ fetch: moveFirst }).sync(first);
    expect(movedOnline).toBe(true);
    expect(before.versions.map((v) => [v.offlineVersion, v.outcome, v.aliasesLeft])).toEqual([
      ['v0', 'created', undefined],
      ['v1', 'created', undefined],
      ['v0', 'aliases', undefined],
    ]);
    expect((await t.client().resolve('e/p/m:prod')).version).toBe('v0');

    // After: the server applies the move but its answer is lost; prod is then moved online; the retry leaves it there.
    const second = new OfflineStore({ dir: join(t.state.work, 'offline-2'), actor: 'alice', cacheDir: join(t.state.work, 'offline-cache') });
    await logThree(second, 'e/p/n');
    const loseAliasAnswer: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'PUT' && String(input).includes('/aliases/')) throw new TypeError('fetch failed (test: answer lost)');
      return res;
    };
    await expect(t.client({ fetch: loseAliasAnswer }).sync(second)).rejects.toMatchObject({ code: 'Unreachable' });
    expect((await t.client().resolve('e/p/n:prod')).version).toBe('v0');
    await t.client().setAlias('e/p/n:v1', 'prod', { reason: 'online, after the sync' });
    expect((await t.client().sync(second)).versions.map((v) => [v.offlineVersion, v.outcome, v.aliasesLeft])).toEqual([['v0', 'aliases', ['prod']]]);
    expect((await t.client().resolve('e/p/n:prod')).version).toBe('v1');
    expect((await t.client().aliasLog('e/p/n')).filter((e) => e.ref === 'aliases/prod').map((e) => e.reason)).toEqual([
      'synced from offline v0',
      'online, after the sync',
    ]);
  });

  it('a sync cut off mid-upload creates nothing; run again it sends only the rest and completes', async () => {
    const store = offline();
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 6; i++) files[`part${i}.bin`] = randomBytes(2 * 1024 * 1024 + i);
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('a', files)] });
    const cut = t.client({ fetch: fetchFailingAfterUploads(2) });
    await expect(cut.sync(store)).rejects.toMatchObject({ code: 'Unreachable' });
    const c = t.client();
    await expect(c.listVersions('e/p/m')).rejects.toMatchObject({ code: 'NotFound' });
    const r = await c.sync(store);
    expect(r.versions.map((v) => v.outcome)).toEqual(['created']);
    expect(r.objectsMissing).toBeLessThan(8);
    expect((await c.listVersions('e/p/m')).length).toBe(1);
  });
  it('a lock left with our own pid (PID 1 in a restarted container) or with no pid in it does not block sync or offline log', async () => {
    const store = offline();
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('a', { 'm.bin': 'weights' })] });
    // A sync killed while it ran as PID 1, run again as PID 1: the pid in the lock is alive, and it is us.
    writeFileSync(join(store.dir, 'sync.lock'), String(process.pid));
    const started = Date.now();
    const r = await t.client().sync(store);
    expect(r.versions.map((v) => [v.outcome, v.version])).toEqual([['created', 'v0']]);
    // Not after waiting out the 10 s a live holder gets.
    expect(Date.now() - started).toBeLessThan(5000);
    // A lock file created but killed before its pid was written: empty, and older than any holder takes to write it.
    const lock = join(store.dir, 'lock');
    writeFileSync(lock, '');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const logged = await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('b', { 'm.bin': 'other weights' })] });
    expect(logged.version.version).toBe('v1');
    expect(existsSync(lock)).toBe(false);
    expect(readdirSync(store.dir).filter((n) => n.startsWith('lock') || n.startsWith('sync.lock'))).toEqual([]);
  });
  it('a version synced and deleted on the server since is already-synced when the local record of that sync was lost, not recreated and not a 500', async () => {
    const store = offline();
    await store.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('a', { 'm.bin': 'weights' })], aliases: ['best'] });
    const c = t.client();
    expect((await c.sync(store)).versions.map((v) => [v.outcome, v.version])).toEqual([['created', 'v0']]);
    await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('b', { 'm.bin': 'newer weights' })] });
    await c.registry.deleteVersion('e/p/m:v0');
    // What a sync killed between the server's commit and the append to synced.jsonl leaves.
    rmSync(join(store.dir, 'synced.jsonl'));
    const again = await c.sync(store);
    expect(again.versions.map((v) => [v.outcome, v.version])).toEqual([['already-synced', 'v0']]);
    expect((await c.listVersions('e/p/m')).map((v) => v.version)).toEqual(['v1']);
    expect((await c.sync(store)).versions).toEqual([]);
  });
});
