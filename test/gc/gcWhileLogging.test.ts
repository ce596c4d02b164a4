// Garbage collection running again and again while several clients log and pull:
// no log fails, every pull is complete and verified, and nothing a version needs
// is ever removed. The race that matters is staged on purpose: the clients log
// files whose objects are already stored but unreferenced and days old, exactly
// what each collection wants to sweep, so each log only survives if asking the
// server "what is missing" protects those objects until the commit.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArcaClient } from '../../packages/client/dist/index.js';
import { startServer } from '../../packages/server/dist/index.js';
import { fsck, hashBytes, Store } from '../../packages/store/dist/index.js';
import { seedTeams, TEST_ADMIN_KEY, useTempDir } from '../../packages/test-utils/dist/index.js';
import { ageObjects } from '../cli/harness.js';

const tempDir = useTempDir('arca-gc-race-');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('gc while clients log and pull', () => {
  it('never breaks a log or a pull, and sweeps only garbage', async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    // Freshen on every question, so that a grace period of seconds is allowed.
    const server = await startServer({ dataDir, port: 0, adminKey: TEST_ADMIN_KEY, objects: { freshenAfterMs: 0 } });
    await seedTeams(server.url);
    closers.push(() => server.close());
    const client = (n: number) => new ArcaClient({ url: server.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(root, `cache-${n}`), concurrency: 4 });

    // Shared files whose objects the server already holds, unreferenced and two days old.
    const shared: Record<string, Buffer> = {};
    for (let i = 0; i < 48; i++) shared[`shared/${i}.bin`] = randomBytes(i % 4 === 0 ? 300_000 : 3_000);
    const seedDir = join(root, 'seed');
    for (const [p, b] of Object.entries(shared)) {
      mkdirSync(join(seedDir, 'shared'), { recursive: true });
      writeFileSync(join(seedDir, p), b);
    }
    await client(0).logArtifact({ name: 'team/seed/abandoned', type: 'dataset', paths: [seedDir] });
    // Forget the version (as if it were deleted) but keep its objects: they are garbage now.
    const side = Store.open(dataDir);
    side.refs.db.exec('DELETE FROM aliases; DELETE FROM versions; DELETE FROM reflog; DELETE FROM collections');
    await side.close();
    ageObjects(dataDir);

    let stop = false;
    let collections = 0;
    let removed = 0;
    const gcLoop = (async () => {
      const admin = client(99);
      while (!stop) {
        const r = await admin.collectGarbage({ gracePeriodSeconds: 5 });
        collections++;
        removed += r.removedObjects;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();

    const worker = async (n: number) => {
      const c = client(n);
      for (let round = 0; round < 4; round++) {
        const dir = join(root, `w${n}-r${round}`);
        mkdirSync(join(dir, 'shared'), { recursive: true });
        const files: Record<string, Buffer> = { [`own-${n}-${round}.bin`]: randomBytes(50_000) };
        // A different slice of the shared files each round, so every round meets some not yet freshened.
        for (let i = round * 10 + n; i < round * 10 + n + 8; i++) files[`shared/${i % 40}.bin`] = shared[`shared/${i % 40}.bin`]!;
        for (const [p, b] of Object.entries(files)) writeFileSync(join(dir, p), b);
        const log = await c.logArtifact({ name: `team/p/w${n}`, type: 'dataset', paths: [dir] });
        expect(log.created).toBe(true);
        const out = join(root, `pull-w${n}-r${round}`);
        await c.download(`team/p/w${n}:${log.version.version}`, out);
        for (const [p, b] of Object.entries(files)) expect(sha(readFileSync(join(out, p)))).toBe(sha(b));
      }
    };
    try {
      await Promise.all([worker(1), worker(2), worker(3)]);
    } finally {
      stop = true;
      await gcLoop;
    }

    expect(collections).toBeGreaterThan(1);
    // Once the clients are done and the grace period has passed, the shared files no version
    // took (40 to 47) are swept; everything the twelve versions need is still there and intact.
    ageObjects(dataDir);
    const last = await client(99).collectGarbage({ gracePeriodSeconds: 5 });
    removed += last.removedObjects;
    expect(removed).toBeGreaterThanOrEqual(8);
    await server.close();
    const store = Store.open(dataDir);
    try {
      for (let i = 40; i < 48; i++) expect(store.objects.has(hashBytes(shared[`shared/${i}.bin`]!))).toBe(false);
      const report = await fsck(store);
      expect(report).toMatchObject({ ok: true, versions: 12, missing: [], corrupt: [], brokenRefs: [] });
    } finally {
      await store.close();
    }
  });
});
