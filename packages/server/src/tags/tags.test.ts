import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const C = 'acme/vision/images';
const C_PATH = '/collections/acme/vision/images';

describe('tags', () => {
  const t = useTestServer();
  const post = async (path: string, json: unknown) => t.call('POST', path, { json, key: await t.keyFor('alice') });

  it('adds and removes tags of a collection and of a version; each change is a ref-log row; both are searchable', async () => {
    await t.commit(C, { a: '1' });
    await t.commit(C, { a: '2' });
    let res = await post(`${C_PATH}/tags`, { tags: ['raw', 'cc-by', 'raw'], reason: 'licence known' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ tags: ['cc-by', 'raw'], added: ['raw', 'cc-by'], removed: [] });
    // Adding again changes nothing and logs nothing.
    expect(await (await post(`${C_PATH}/tags`, { tags: ['raw'] })).json()).toEqual({ tags: ['cc-by', 'raw'], added: [], removed: [] });
    res = await post(`${C_PATH}/versions/latest/tags`, { tags: ['validated'] });
    expect(await res.json()).toEqual({ tags: ['validated'], added: ['validated'], removed: [] });
    await post(`${C_PATH}/versions/v0/tags`, { tags: ['validated', 'old'] });

    const summary = (await (await t.call('GET', C_PATH)).json()) as { collection: { tags: string[] }; versions: { version: string; tags: string[] }[] };
    expect(summary.collection.tags).toEqual(['cc-by', 'raw']);
    expect(summary.versions.map((v) => [v.version, v.tags])).toEqual([['v0', ['old', 'validated']], ['v1', ['validated']]]);
    const resolved = (await (await t.call('GET', `/resolve?ref=${encodeURIComponent(`${C}:v1`)}`)).json()) as { version: { tags: string[] } };
    expect(resolved.version.tags).toEqual(['validated']);

    expect(await (await t.call('GET', '/tags/acme/validated')).json()).toEqual({
      collections: [],
      versions: [
        { collection: C, version: 'v0', digest: expect.stringMatching(/^b3:/) },
        { collection: C, version: 'v1', digest: expect.stringMatching(/^b3:/) },
      ],
    });
    expect(await (await t.call('GET', '/tags/acme/raw')).json()).toEqual({ collections: [{ collection: C, kind: 'artifact', type: 'dataset' }], versions: [] });
    expect(await (await t.call('GET', '/tags/other/raw')).json()).toEqual({ collections: [], versions: [] });
    await t.commit('acme/vision/other', { b: '1' });
    const byTag = (await (await t.call('GET', '/projects/acme/vision/collections?tag=raw')).json()) as { collections: { collection: string }[] };
    expect(byTag.collections.map((c) => c.collection)).toEqual([C]);

    res = await t.call('DELETE', `${C_PATH}/tags/raw?reason=cleaned`, { key: await t.keyFor('bob') });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ tags: ['cc-by'], added: [], removed: ['raw'] });
    res = await t.call('DELETE', `${C_PATH}/versions/v0/tags/old`);
    expect(await res.json()).toEqual({ tags: ['validated'], added: [], removed: ['old'] });

    const log = (await t.log(C)) as { ref: string; kind: string; actor: string; reason: string; old: unknown; new: { version: string } | null; detail: unknown }[];
    expect(log.filter((e) => e.ref.startsWith('tags/')).map((e) => [e.kind, e.ref, e.actor, e.detail])).toEqual([
      ['tag-added', 'tags/raw', 'alice', { tag: 'raw' }],
      ['tag-added', 'tags/cc-by', 'alice', { tag: 'cc-by' }],
      ['tag-added', 'tags/validated', 'alice', { tag: 'validated', version: 'v1' }],
      ['tag-added', 'tags/validated', 'alice', { tag: 'validated', version: 'v0' }],
      ['tag-added', 'tags/old', 'alice', { tag: 'old', version: 'v0' }],
      ['tag-removed', 'tags/raw', 'bob', { tag: 'raw' }],
      ['tag-removed', 'tags/old', 'admin', { tag: 'old', version: 'v0' }],
    ]);
    expect(log.find((e) => e.kind === 'tag-removed')!.reason).toBe('cleaned');
  });

  it('refuses bad tags, unknown targets and a tag that is not there with a 4xx, writing nothing', async () => {
    await t.commit(C, { a: '1' });
    await post(`${C_PATH}/tags`, { tags: ['keep'] });
    const before = await t.log(C);
    const cases: [Response, number, string, Record<string, unknown>?][] = [
      [await post(`${C_PATH}/tags`, { tags: ['ok', 'has space'] }), 400, 'InvalidName', { kind: 'tag', name: 'has space' }],
      [await post(`${C_PATH}/tags`, { tags: ['-lead'] }), 400, 'InvalidName', { kind: 'tag' }],
      [await post(`${C_PATH}/tags`, { tags: ['x'.repeat(65)] }), 400, 'InvalidName', { kind: 'tag' }],
      [await post(`${C_PATH}/tags`, { tags: [] }), 400, 'InvalidArgument', { argument: 'tags' }],
      [await post(`${C_PATH}/tags`, { tags: 'x' }), 400, 'InvalidArgument', { argument: 'tags' }],
      [await post(`${C_PATH}/tags`, { tags: [1] }), 400, 'InvalidArgument', { argument: 'tags[0]' }],
      [await post(`${C_PATH}/tags`, { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }), 400, 'InvalidArgument', { argument: 'tags' }],
      [await post(`${C_PATH}/tags`, { tag: ['x'] }), 400, 'InvalidArgument'],
      [await post('/collections/acme/vision/nope/tags', { tags: ['x'] }), 404, 'NotFound', { kind: 'collection' }],
      [await post(`${C_PATH}/versions/v7/tags`, { tags: ['x'] }), 404, 'NotFound', { kind: 'version' }],
      [await t.call('DELETE', `${C_PATH}/tags/absent`), 404, 'NotFound', { kind: 'tag' }],
      [await t.call('DELETE', `${C_PATH}/tags/bad%20tag`), 400, 'InvalidName', { kind: 'tag' }],
      [await t.call('GET', '/tags/acme/bad%20tag'), 400, 'InvalidName', { kind: 'tag' }],
      [await t.call('GET', '/projects/acme/vision/collections?tag=a..b%20'), 400, 'InvalidName', { kind: 'tag' }],
    ];
    for (const [res, status, code, data] of cases) {
      const got = await expectError(res, status, code);
      if (data) expect(got).toMatchObject(data);
    }
    expect(await t.log(C)).toEqual(before);
    // 100 tags in all on one collection: the 101st is refused and nothing of that request is kept.
    expect((await post(`${C_PATH}/tags`, { tags: Array.from({ length: 99 }, (_, i) => `t${i}`) })).status).toBe(200);
    const full = await t.log(C);
    await expectError(await post(`${C_PATH}/tags`, { tags: ['one-more', 'and-another'] }), 400, 'InvalidArgument');
    expect(await t.log(C)).toEqual(full);
    expect(t.logged).toEqual([]);
  });
});
