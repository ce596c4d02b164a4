import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const C = 'acme/vision/raw_images';

describe('collections', () => {
  const t = useTestServer();

  it('GET /projects/{e}/{p}/collections lists the collections of one project', async () => {
    await t.commit(C, { a: '1' });
    await t.commit(C, { a: '2' }, { aliases: ['best'] });
    await t.commit('acme/vision/Nature%20Classifier', { w: 'x' }, { type: 'model' });
    await t.commit('acme/other/elsewhere', { a: '1' });
    const res = await t.call('GET', '/projects/acme/vision/collections');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as { collections: Record<string, unknown>[] };
    expect(body.collections.map((c) => c.collection)).toEqual(['acme/vision/Nature Classifier', C]);
    expect(body.collections[1]).toEqual({
      collection: C,
      kind: 'artifact',
      type: 'dataset',
      versionCount: 2,
      latest: { version: 'v1', digest: expect.stringMatching(/^b3:/), createdAt: expect.any(String) },
      aliases: { best: 'v1', latest: 'v1' },
      tags: [],
      createdAt: expect.any(String),
    });
    expect(await (await t.call('GET', '/projects/acme/empty/collections')).json()).toEqual({ collections: [] });
    expect(await expectError(await t.call('GET', '/projects/ac%20me/vision/collections'), 400, 'InvalidName')).toMatchObject({ kind: 'entity' });
  });

  it('GET /collections/{e}/{p}/{n} gives the summary and every version, oldest first', async () => {
    await t.commit(C, { a: '1' });
    await t.commit(C, { a: '2' });
    const res = await t.call('GET', `/collections/${C}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { collection: { versionCount: number }; versions: { version: string }[] };
    expect(body.collection.versionCount).toBe(2);
    expect(body.versions.map((v) => v.version)).toEqual(['v0', 'v1']);
    expect(await expectError(await t.call('GET', '/collections/acme/vision/nope'), 404, 'NotFound')).toEqual({
      kind: 'collection',
      name: 'acme/vision/nope',
    });
    await expectError(await t.call('GET', '/collections/acme/vision/bad%21'), 400, 'InvalidName');
  });

  it('GET /collections/{e}/{p}/{n}/log gives ref changes oldest first, or only alias moves', async () => {
    await t.commit(C, { a: '1' }, { reason: 'r0' }, await t.user('bob', { teams: { acme: 'member' } }));
    const res = await t.call('GET', `/collections/${C}/log`);
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: Record<string, unknown>[] };
    expect(entries[0]).toEqual({
      seq: expect.any(Number),
      collection: C,
      ref: 'versions/v0',
      kind: 'logged',
      old: null,
      new: { version: 'v0', digest: expect.stringMatching(/^b3:/) },
      actor: 'bob',
      reason: 'r0',
      time: expect.any(String),
      detail: {},
    });
    expect(entries.map((e) => e.ref)).toEqual(['versions/v0', 'aliases/latest']);
    const aliases = (await (await t.call('GET', `/collections/${C}/log?refs=aliases`)).json()) as { entries: { ref: string }[] };
    expect(aliases.entries.map((e) => e.ref)).toEqual(['aliases/latest']);
    const versions = (await (await t.call('GET', `/collections/${C}/log?refs=versions`)).json()) as { entries: { ref: string }[] };
    expect(versions.entries.map((e) => e.ref)).toEqual(['versions/v0']);
    expect(await expectError(await t.call('GET', `/collections/${C}/log?refs=tags`), 400, 'InvalidArgument')).toMatchObject({ argument: 'refs' });
    await expectError(await t.call('GET', '/collections/acme/vision/nope/log'), 404, 'NotFound');
  });
});
