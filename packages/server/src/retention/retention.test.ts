import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../startServer.js';
import { expectError } from '../testing/expectError.js';
import { seedTestTeams, TEST_ADMIN_KEY, useTestServer } from '../testing/useTestServer.js';

const DAY = 86400;

describe('retention routes', () => {
  const t = useTestServer();

  it('sets a collection default, a version override and "keep forever", and reports each expiry', async () => {
    expect((await t.commit('acme/p/ckpt', { 'm.bin': 'zero' })).status).toBe(201);
    expect((await t.commit('acme/p/ckpt', { 'm.bin': 'one' })).status).toBe(201);

    const def = await t.call('PUT', '/collections/acme/p/ckpt/retention', { json: { ttlSeconds: 7 * DAY } });
    expect(def.status).toBe(200);
    expect(def.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await def.json()) as { collection: string; defaultTtlSeconds: number; versions: { version: string; created: string; expiresAt: string }[] };
    expect(body.collection).toBe('acme/p/ckpt');
    expect(body.defaultTtlSeconds).toBe(7 * DAY);
    for (const v of body.versions) expect(Date.parse(v.expiresAt) - Date.parse(v.created)).toBe(7 * DAY * 1000);

    expect((await t.call('PUT', '/collections/acme/p/ckpt/versions/v1/retention', { json: { ttlSeconds: null } })).status).toBe(200);
    expect((await t.call('PUT', '/collections/acme/p/ckpt/versions/latest/retention', { json: { ttlSeconds: DAY } })).status).toBe(200);
    const got = (await (await t.call('GET', '/collections/acme/p/ckpt/retention')).json()) as { versions: unknown[] };
    expect(got.versions).toEqual([
      expect.objectContaining({ version: 'v0', expiresAt: expect.any(String) }),
      expect.objectContaining({ version: 'v1', ttlSeconds: DAY }),
    ]);
    // Back to the default.
    const back = (await (await t.call('PUT', '/collections/acme/p/ckpt/versions/v1/retention', { json: { ttlSeconds: 'default' } })).json()) as { versions: { ttlSeconds?: number }[] };
    expect(back.versions[1]).not.toHaveProperty('ttlSeconds');
    // null on the collection clears the default.
    const cleared = (await (await t.call('PUT', '/collections/acme/p/ckpt/retention', { json: { ttlSeconds: null } })).json()) as { defaultTtlSeconds: unknown; versions: { expiresAt: unknown }[] };
    expect(cleared.defaultTtlSeconds).toBeNull();
    expect(cleared.versions.map((v) => v.expiresAt)).toEqual([null, null]);
  });

  it('a commit may carry its TTL; a bad one is refused before anything is written', async () => {
    const ok = await t.commit('acme/p/ckpt', { 'm.bin': 'weights' }, { ttlSeconds: 3600 });
    expect(ok.status).toBe(201);
    const r = (await (await t.call('GET', '/collections/acme/p/ckpt/retention')).json()) as { versions: { ttlSeconds: number }[] };
    expect(r.versions[0]!.ttlSeconds).toBe(3600);

    const bad = await t.commit('acme/p/other', { 'm.bin': 'more' }, { ttlSeconds: 0 });
    expect(await expectError(bad, 400, 'InvalidArgument')).toMatchObject({ argument: 'ttlSeconds' });
    await expectError(await t.call('GET', '/collections/acme/p/other/retention'), 404, 'NotFound');
  });

  it('refuses bad TTLs, unknown versions and registered models with a 4xx naming the problem', async () => {
    await t.commit('acme/p/ckpt', { 'm.bin': 'x' });
    for (const ttlSeconds of [0, -1, 1.5, 'a week', true]) {
      const res = await t.call('PUT', '/collections/acme/p/ckpt/retention', { json: { ttlSeconds } });
      expect(await expectError(res, 400, 'InvalidArgument')).toMatchObject({ argument: 'ttlSeconds' });
    }
    expect(await expectError(await t.call('PUT', '/collections/acme/p/ckpt/retention', { json: {} }), 400, 'InvalidArgument')).toMatchObject({ argument: 'ttlSeconds' });
    expect(await expectError(await t.call('PUT', '/collections/acme/p/ckpt/retention', { json: { ttlSeconds: 5, ttl: 5 } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'ttl' });
    expect(await expectError(await t.call('PUT', '/collections/acme/p/ckpt/retention', { json: { ttlSeconds: 'default' } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'ttlSeconds' });
    await expectError(await t.call('PUT', '/collections/acme/p/ckpt/versions/v9/retention', { json: { ttlSeconds: 60 } }), 404, 'NotFound');
    await expectError(await t.call('PUT', '/collections/acme/p/nope/retention', { json: { ttlSeconds: 60 } }), 404, 'NotFound');
    const link = await t.call('POST', '/registry/acme/Clf/links', { json: { source: 'acme/p/ckpt:v0' } });
    expect(link.status).toBe(201);
    expect(await expectError(await t.call('PUT', '/collections/acme/model-registry/Clf/retention', { json: { ttlSeconds: 60 } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'collection' });
    const r = (await (await t.call('GET', '/collections/acme/p/ckpt/retention')).json()) as unknown;
    expect(r).toMatchObject({ defaultTtlSeconds: null, versions: [{ version: 'v0', expiresAt: null }] });
  });
});

describe('retention applied by the server', () => {
  it('deletes an expired version on its own, keeps an expired one that is linked, and the ref log says retention did it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arca-retention-server-'));
    await seedTestTeams(dataDir);
    const server = await startServer({ dataDir, port: 0, retentionIntervalMs: 100, adminKey: TEST_ADMIN_KEY });
    const auth = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
    try {
      const call = (method: string, path: string, json?: unknown) =>
        fetch(`${server.url}/api/v1${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) });
      const put = async (text: string) => {
        const { hashBytes, buildTree } = await import('@arca/store');
        const bytes = Buffer.from(text);
        await fetch(`${server.url}/api/v1/objects/${hashBytes(bytes)}`, { method: 'PUT', body: bytes, headers: auth });
        const tree = buildTree([{ path: 'm.bin', size: bytes.length, digest: hashBytes(bytes) }]);
        await fetch(`${server.url}/api/v1/objects/${tree.digest}`, { method: 'PUT', body: tree.bytes, headers: auth });
        return tree.digest;
      };
      expect((await call('POST', '/collections/acme/p/ckpt/versions', { type: 'model', tree: await put('kept by a link'), ttlSeconds: 1 })).status).toBe(201);
      expect((await call('POST', '/collections/acme/p/ckpt/versions', { type: 'model', tree: await put('expires'), ttlSeconds: 1 })).status).toBe(201);
      expect((await call('POST', '/registry/acme/Clf/links', { source: 'acme/p/ckpt:v0' })).status).toBe(201);

      const deadline = Date.now() + 10_000;
      let versions: { version: string }[] = [];
      while (Date.now() < deadline) {
        versions = ((await (await call('GET', '/collections/acme/p/ckpt')).json()) as { versions: { version: string }[] }).versions;
        if (versions.length === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(versions.map((v) => v.version)).toEqual(['v0']);
      const log = ((await (await call('GET', '/collections/acme/p/ckpt/log')).json()) as { entries: { ref: string; actor: string; reason: string; new: unknown }[] }).entries;
      const deletion = log.find((e) => e.ref === 'versions/v1' && e.new === null);
      expect(deletion).toMatchObject({ actor: 'arca-retention' });
      expect(deletion!.reason).toMatch(/^retention: expired at /);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
