import { describe, expect, it } from 'vitest';
import { commitVersion } from '../commands/commitVersion.js';
import { linkVersion } from '../commands/linkVersion.js';
import { refLog } from '../commands/refLog.js';
import { setAlias } from '../commands/setAlias.js';
import { hashBytes } from '../digest/hashBytes.js';
import { parseRef } from '../names/parseRef.js';
import { buildTree } from '../objects/buildTree.js';
import { errorOf } from '../testing/errorOf.js';
import { describeRetention } from './describeRetention.js';
import { expireVersions, RETENTION_ACTOR } from './expireVersions.js';
import { setCollectionTtl } from './setCollectionTtl.js';
import { setVersionTtl } from './setVersionTtl.js';
import { useTempStore } from '../testing/useTempStore.js';

const HOUR = 3600;
const C = { entity: 'e', project: 'p', name: 'ckpt' };
const t = useTempStore('arca-retention-');

/** Stores `text` as model.bin and its tree; returns the tree. */
async function storeTree(text: string): Promise<{ digest: string }> {
  const bytes = Buffer.from(text);
  await t.store.objects.put(hashBytes(bytes), bytes);
  const tree = buildTree([{ path: 'model.bin', size: bytes.length, digest: hashBytes(bytes) }]);
  await t.store.objects.put(tree.digest, tree.bytes);
  return tree;
}

async function log(text: string, aliases: string[] = []): Promise<void> {
  const tree = await storeTree(text);
  await commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, aliases, actor: 'alice' });
}

/** A moment `hours` after every version of the test was created. */
const later = (hours: number) => Date.now() + hours * HOUR * 1000;

describe('retention', () => {
  it('a collection default expires every version without its own setting; a version may override it or be kept forever', async () => {
    await log('v0');
    await log('v1');
    await log('v2');
    setCollectionTtl(t.store, { collection: C, ttlSeconds: 24 * HOUR, actor: 'alice' });
    setVersionTtl(t.store, { ref: parseRef('e/p/ckpt:v1'), ttlSeconds: null, actor: 'alice' });
    const info = setVersionTtl(t.store, { ref: parseRef('e/p/ckpt:v2'), ttlSeconds: 48 * HOUR, actor: 'alice' });
    expect(info.defaultTtlSeconds).toBe(24 * HOUR);
    expect(info.versions.map((v) => [v.version, v.ttlSeconds, v.expiresAt === null])).toEqual([
      ['v0', undefined, false],
      ['v1', null, true],
      ['v2', 48 * HOUR, false],
    ]);

    expect(expireVersions(t.store, { now: later(1) })).toEqual({ expired: [], exempt: [] });
    const day = expireVersions(t.store, { now: later(25) });
    expect(day.expired.map((e) => e.version)).toEqual(['e/p/ckpt:v0']);
    const twoDays = expireVersions(t.store, { now: later(49) });
    expect(twoDays.expired.map((e) => e.version)).toEqual(['e/p/ckpt:v2']);
    // v1 is kept forever; latest fell back to it when v2 went.
    expect(t.store.refs.versions(t.store.refs.findCollection(C)!.id).map((v) => v.number)).toEqual([1]);
    expect(t.store.refs.aliasTarget(t.store.refs.findCollection(C)!.id, 'latest')).toBe(1);
  });

  it('deletes like a user would, in the ref log under the retention actor with the reason', async () => {
    await log('only', ['best']);
    setCollectionTtl(t.store, { collection: C, ttlSeconds: HOUR, actor: 'alice' });
    expireVersions(t.store, { now: later(2) });
    const entries = refLog(t.store, C);
    const deleted = entries.find((e) => e.ref === 'versions/v0' && e.new === null);
    expect(deleted).toMatchObject({ actor: RETENTION_ACTOR });
    expect(deleted!.reason).toMatch(/^retention: expired at /);
    expect(entries.some((e) => e.ref === 'aliases/best' && e.new === null && e.actor === RETENTION_ACTOR)).toBe(true);
  });

  it('exempts versions linked into the registry and versions under a protected alias, and says why', async () => {
    await log('linked');
    await log('in production');
    await log('plain');
    await linkVersion(t.store, { source: parseRef('e/p/ckpt:v0'), registry: { entity: 'e', project: 'model-registry', name: 'Clf' }, actor: 'alice' });
    await setAlias(t.store, { target: parseRef('e/p/ckpt:v1'), alias: 'production', actor: 'alice' });
    setCollectionTtl(t.store, { collection: C, ttlSeconds: HOUR, actor: 'alice' });
    // Shown ahead of time, as the expiry will decide.
    expect(describeRetention(t.store, C).versions.map((v) => [v.version, v.exemptWhile?.map((p) => p.kind)])).toEqual([
      ['v0', ['link']],
      ['v1', ['alias']],
      ['v2', undefined],
    ]);

    const dry = expireVersions(t.store, { now: later(2), dryRun: true });
    expect(dry.expired.map((e) => e.version)).toEqual(['e/p/ckpt:v2']);
    expect(t.store.refs.versions(t.store.refs.findCollection(C)!.id)).toHaveLength(3);

    const report = expireVersions(t.store, { now: later(2) });
    expect(report.expired.map((e) => e.version)).toEqual(['e/p/ckpt:v2']);
    expect(report.exempt.map((e) => [e.version, e.pointers.map((p) => p.kind)])).toEqual([
      ['e/p/ckpt:v0', ['link']],
      ['e/p/ckpt:v1', ['alias']],
    ]);
    expect(dry.exempt).toEqual(report.exempt);
  });

  it('refuses bad TTLs and registered models, writing nothing', async () => {
    await log('v0');
    for (const bad of [0, -5, 1.5, Number.NaN, 1e12]) {
      expect(errorOf(() => setCollectionTtl(t.store, { collection: C, ttlSeconds: bad, actor: 'a' }))).toMatchObject({ code: 'InvalidArgument', data: { argument: 'ttlSeconds' } });
    }
    await linkVersion(t.store, { source: parseRef('e/p/ckpt:v0'), registry: { entity: 'e', project: 'model-registry', name: 'Clf' }, actor: 'alice' });
    expect(errorOf(() => setCollectionTtl(t.store, { collection: { entity: 'e', project: 'model-registry', name: 'Clf' }, ttlSeconds: HOUR, actor: 'a' }))).toMatchObject({
      code: 'InvalidArgument',
      data: { argument: 'collection' },
    });
    expect(errorOf(() => setVersionTtl(t.store, { ref: parseRef('e/p/ckpt:v7'), ttlSeconds: HOUR, actor: 'a' }))).toMatchObject({ code: 'NotFound' });
    expect(describeRetention(t.store, C)).toMatchObject({ defaultTtlSeconds: null, versions: [{ version: 'v0', expiresAt: null }] });
  });

  it('a commit with ttlSeconds records the TTL in its own transaction: both or neither', async () => {
    const tree = await storeTree('weights');
    // Refused inside the transaction (another type): no version, and no TTL row for a v0 to come.
    await log('first');
    const refused = await commitVersion(t.store, { collection: C, type: 'dataset', tree: tree.digest, ttlSeconds: HOUR, actor: 'alice' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'TypeMismatch' });
    expect(t.store.refs.db.prepare('SELECT COUNT(*) AS n FROM version_ttls').get()).toEqual({ n: 0 });

    await commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, ttlSeconds: 2 * HOUR, actor: 'alice' });
    expect(describeRetention(t.store, C).versions.map((v) => [v.version, v.ttlSeconds])).toEqual([['v0', undefined], ['v1', 2 * HOUR]]);
    // Equal content again: no new version; the TTL given applies to the one it is.
    await commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, ttlSeconds: null, actor: 'alice' });
    expect(describeRetention(t.store, C).versions.map((v) => [v.version, v.ttlSeconds, v.expiresAt])).toEqual([['v0', undefined, null], ['v1', null, null]]);
    await expect(commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, ttlSeconds: 0, actor: 'alice' })).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'ttlSeconds' } });
  });

  it('a TTL given with content an old version already holds counts from that log, and never shortens the TTL it has', async () => {
    const tree = await storeTree('checkpoint of forty days ago');
    await commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, actor: 'alice' });
    const DAY = 24 * HOUR;
    const fortyDaysAgo = new Date(Date.now() - 40 * DAY * 1000).toISOString();
    t.store.refs.db.prepare('UPDATE versions SET created_at = ?').run(fortyDaysAgo);
    const relog = (ttlSeconds: number | null) => commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, ttlSeconds, actor: 'bob' });
    const expiresAt = () => Date.parse(describeRetention(t.store, C).versions[0]!.expiresAt!);

    // Logged again today with 30 days: kept 30 days from today, not expired ten days ago.
    await relog(30 * DAY);
    expect(Math.abs(expiresAt() - (Date.now() + 30 * DAY * 1000))).toBeLessThan(60_000);
    expect(expireVersions(t.store, { now: Date.now() }).expired).toEqual([]);
    // A shorter TTL later does not cut that short; a longer one extends it.
    await relog(DAY);
    expect(Math.abs(expiresAt() - (Date.now() + 30 * DAY * 1000))).toBeLessThan(60_000);
    await relog(60 * DAY);
    expect(Math.abs(expiresAt() - (Date.now() + 60 * DAY * 1000))).toBeLessThan(60_000);
    // Kept forever stays forever.
    await relog(null);
    await relog(DAY);
    expect(describeRetention(t.store, C).versions.map((v) => [v.ttlSeconds, v.expiresAt])).toEqual([[null, null]]);
  });

  it('content an overdue version holds, logged again without a TTL, gets the collection default from that log: not deleted with the aliases just moved to it', async () => {
    const tree = await storeTree('checkpoint past the default');
    await commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, actor: 'alice' });
    setCollectionTtl(t.store, { collection: C, ttlSeconds: 7 * 24 * HOUR, actor: 'alice' });
    t.store.refs.db.prepare('UPDATE versions SET created_at = ?').run(new Date(Date.now() - 10 * 24 * HOUR * 1000).toISOString());
    expect(expireVersions(t.store, { now: Date.now(), dryRun: true }).expired).toHaveLength(1);

    await commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, aliases: ['best'], actor: 'bob' });
    expect(expireVersions(t.store, { now: Date.now() }).expired).toEqual([]);
    const [v0] = describeRetention(t.store, C).versions;
    expect(Math.abs(Date.parse(v0!.expiresAt!) - (Date.now() + 7 * 24 * HOUR * 1000))).toBeLessThan(60_000);
    // A version with a TTL of its own keeps it when logged again without one.
    setVersionTtl(t.store, { ref: parseRef('e/p/ckpt:v0'), ttlSeconds: HOUR, actor: 'alice' });
    await commitVersion(t.store, { collection: C, type: 'model', tree: tree.digest, actor: 'bob' });
    expect(describeRetention(t.store, C).versions[0]!.ttlSeconds).toBe(HOUR);
  });
});
