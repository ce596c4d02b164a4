import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const SRC = 'acme/vision/model';
const REG = 'acme/model-registry/Nature Classifier';
const REG_PATH = '/registry/acme/Nature%20Classifier/links';

interface Info {
  collection: string;
  kind: string;
  version: string;
  digest: string;
  tree: string;
  aliases: string[];
  source: unknown;
}

describe('registry', () => {
  const t = useTestServer();

  async function sourceVersions() {
    const v = [];
    for (const w of ['0', '1', '2']) v.push(((await (await t.commit(SRC, { 'model.onnx': `weights ${w}` }, { type: 'model' })).json()) as { version: Info }).version);
    return v;
  }

  it('links numbers registry versions v0, v1 on their own, pointing at the source digest, copying no bytes', async () => {
    const src = await sourceVersions();
    const before = await t.stats();
    let res = await t.call('POST', REG_PATH, { json: { source: `${SRC}:v2`, aliases: ['staging'], reason: 'candidate' }, key: await t.user('dan', { teams: { acme: 'member' } }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const first = (await res.json()) as { created: boolean; version: Info };
    expect(first).toEqual({
      created: true,
      version: expect.objectContaining({
        collection: REG,
        kind: 'registry',
        type: 'model',
        version: 'v0',
        number: 0,
        digest: src[2]!.digest,
        tree: src[2]!.tree,
        aliases: ['latest', 'staging'],
        actor: 'dan',
        source: { collection: SRC, version: 'v2', digest: src[2]!.digest },
      }),
    });
    // Only the link object is new.
    const after = await t.stats();
    expect(after.objects).toBe(before.objects + 1);

    res = await t.call('POST', REG_PATH, { json: { source: `${SRC}:v0` } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { version: Info }).version).toMatchObject({ version: 'v1', digest: src[0]!.digest });
    expect((await t.stats()).objects).toBe(before.objects + 2);

    const resolved = await t.call('GET', `/resolve?ref=${encodeURIComponent(`${REG}:staging`)}`);
    expect(((await resolved.json()) as { version: Info }).version.digest).toBe(src[2]!.digest);
    const viaRegistry = await t.call('GET', `/resolve?ref=${encodeURIComponent(`${REG}:v0`)}`);
    expect(((await viaRegistry.json()) as { version: Info }).version.digest).toBe(src[2]!.digest);

    const log = (await t.log('acme/model-registry/Nature%20Classifier')) as { ref: string; actor: string }[];
    expect(log.map((e) => e.ref)).toEqual(['versions/v0', 'aliases/latest', 'aliases/staging', 'versions/v1', 'aliases/latest']);
  });

  it('linking an already linked version makes no new version and moves the aliases', async () => {
    await sourceVersions();
    await t.call('POST', REG_PATH, { json: { source: `${SRC}:v1` } });
    await t.call('POST', REG_PATH, { json: { source: `${SRC}:v2` } });
    const before = await t.stats();
    const res = await t.call('POST', REG_PATH, { json: { source: `${SRC}:v1`, aliases: ['production'] } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { created: boolean; version: Info };
    expect(body.created).toBe(false);
    expect(body.version).toMatchObject({ version: 'v0', aliases: ['production'] });
    expect(await t.stats()).toEqual(before);
  });

  it('refuses bad input with a 4xx and links nothing', async () => {
    await sourceVersions();
    const before = await t.stats();
    const post = (path: string, json: unknown) => t.call('POST', path, { json });
    const cases: [Response, number, string, Record<string, unknown>?][] = [
      [await t.call('POST', REG_PATH, { body: 'nope', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson'],
      [await post(REG_PATH, {}), 400, 'InvalidArgument', { argument: 'source' }],
      [await post(REG_PATH, { source: 7 }), 400, 'InvalidArgument', { argument: 'source' }],
      [await post(REG_PATH, { source: `${SRC}:v0`, aliases: 'x' }), 400, 'InvalidArgument', { argument: 'aliases' }],
      [await post(REG_PATH, { source: `${SRC}:v0`, aliases: ['v1'] }), 400, 'InvalidName', { kind: 'alias' }],
      [await post(REG_PATH, { source: `${SRC}:v0`, reason: 1 }), 400, 'InvalidArgument', { argument: 'reason' }],
      [await post(REG_PATH, { source: `${SRC}:v0`, registry: 'x' }), 400, 'InvalidArgument', { argument: 'registry' }],
      [await post(REG_PATH, { source: 'acme/vision' }), 400, 'InvalidName'],
      [await post(REG_PATH, { source: `${SRC}:v9` }), 404, 'NotFound', { kind: 'version' }],
      [await post(REG_PATH, { source: 'acme/vision/nope:v0' }), 404, 'NotFound', { kind: 'collection' }],
      [await post('/registry/other/Nature%20Classifier/links', { source: `${SRC}:v0` }), 400, 'InvalidArgument', { argument: 'registry' }],
      [await post('/registry/acme/Bad%21/links', { source: `${SRC}:v0` }), 400, 'InvalidName', { kind: 'name' }],
      [await post('/registry/ac%2Fme/X/links', { source: `${SRC}:v0` }), 400, 'InvalidName', { kind: 'entity' }],
    ];
    for (const [res, status, code, data] of cases) {
      const got = await expectError(res, status, code);
      if (data) expect(got).toMatchObject(data);
    }
    expect(await t.stats()).toEqual(before);
    expect(await (await t.call('GET', '/projects/acme/model-registry/collections')).json()).toEqual({ collections: [] });
  });

  it('refuses linking a version of another type into an existing registered model: 409 TypeMismatch', async () => {
    await sourceVersions();
    await t.commit('acme/vision/data', { a: '1' }, { type: 'dataset' });
    expect((await t.call('POST', REG_PATH, { json: { source: `${SRC}:v0` } })).status).toBe(201);
    await expectError(await t.call('POST', REG_PATH, { json: { source: 'acme/vision/data:v0' } }), 409, 'TypeMismatch');
  });
});
