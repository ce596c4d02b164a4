import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const SRC = 'acme/vision/model';
const MODELS = '/registry/acme/models';
const MODEL = '/registry/acme/models/Nature%20Classifier';
const NAME = 'acme/model-registry/Nature Classifier';

interface Entry {
  ref: string;
  kind: string;
  actor: string;
  reason: string;
  old: { version: string } | null;
  new: { version: string } | null;
  detail: Record<string, unknown>;
}

describe('registered models', () => {
  const t = useTestServer();
  const post = async (path: string, json: unknown, actor = 'alice') => t.call('POST', path, { json, key: await t.keyFor(actor) });
  const patch = async (path: string, json: unknown, actor = 'alice') => t.call('PATCH', path, { json, key: await t.keyFor(actor) });
  const history = async (path = MODEL) => ((await (await t.call('GET', `${path}/history`)).json()) as { entries: Entry[] }).entries;

  const sources = (n = 3) => t.commitModels(SRC, n);

  it('creates a model with its card, metadata and tags: 201 and the exact body; a second create is 409 AlreadyExists', async () => {
    const res = await post(MODELS, {
      name: 'Nature Classifier',
      description: '# Nature\n\nClassifies *nature* photos.',
      metadata: { owner: 'vision', classes: 10 },
      tags: ['vision', 'cnn', 'vision'],
      reason: 'new project',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as { model: Record<string, unknown> };
    expect(body).toEqual({
      model: {
        model: NAME,
        entity: 'acme',
        name: 'Nature Classifier',
        type: 'model',
        description: '# Nature\n\nClassifies *nature* photos.',
        metadata: { classes: 10, owner: 'vision' },
        tags: ['cnn', 'vision'],
        protectedAliases: ['production'],
        aliases: {},
        versionCount: 0,
        latest: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updatedAt: body.model.createdAt,
      },
    });
    const got = await t.call('GET', MODEL);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ model: body.model, versions: [] });

    const again = await expectError(await post(MODELS, { name: 'Nature Classifier' }), 409, 'AlreadyExists');
    expect(again).toEqual({ kind: 'model', name: NAME });
    const h = await history();
    expect(h.map((e) => [e.ref, e.kind, e.actor, e.reason, e.detail])).toEqual([
      ['model', 'created', 'alice', 'new project', { type: 'model', tags: ['cnn', 'vision'] }],
    ]);
  });

  it('lists versions with their source, the producing run and its metrics; the first link creates a model implicitly', async () => {
    const src = await sources();
    // A fourth source version logged by a run with metrics and a non-numeric note in its summary.
    const run = ((await (await t.call('POST', '/runs/acme/vision', { json: { jobType: 'train' } })).json()) as { run: { path: string } }).run;
    expect((await t.call('POST', `/runs/${run.path}/metrics`, { json: { rows: [{ values: { loss: 0.9, acc: 0.5 } }, { values: { loss: 0.4, acc: 0.81 } }] } })).status).toBe(200);
    expect((await t.commit(SRC, { 'model.onnx': 'weights 3' }, { type: 'model', run: run.path })).status).toBe(201);
    expect((await t.call('POST', `/runs/${run.path}/finish`, { json: { summary: { note: 'early stop' } } })).status).toBe(200);
    expect((await post('/registry/acme/Nature%20Classifier/links', { source: `${SRC}:v3` })).status).toBe(201);
    expect((await post('/registry/acme/Nature%20Classifier/links', { source: `${SRC}:v2`, aliases: ['staging'] })).status).toBe(201);
    expect((await post('/registry/acme/Nature%20Classifier/links', { source: `${SRC}:v0` })).status).toBe(201);
    const body = (await (await t.call('GET', MODEL)).json()) as { model: Record<string, unknown>; versions: Record<string, unknown>[] };
    expect(body.model).toMatchObject({ model: NAME, type: 'model', description: '', metadata: {}, tags: [], updatedAt: null, versionCount: 3 });
    expect(body.model.aliases).toEqual({ latest: 'v2', staging: 'v1' });
    expect(body.versions).toEqual([
      expect.objectContaining({
        version: 'v0',
        source: { collection: SRC, version: 'v3', digest: expect.stringMatching(/^b3:/) },
        producer: run.path,
        metrics: { acc: 0.81, loss: 0.4 },
      }),
      expect.objectContaining({
        version: 'v1',
        digest: src[2]!.digest,
        aliases: ['staging'],
        source: { collection: SRC, version: 'v2', digest: src[2]!.digest },
        producer: null,
        metrics: null,
        tags: [],
      }),
      expect.objectContaining({ version: 'v2', digest: src[0]!.digest, aliases: ['latest'], source: { collection: SRC, version: 'v0', digest: src[0]!.digest } }),
    ]);
  });

  it('edits the card and metadata; each real change is one ref-log row with who, and an unchanged edit writes nothing', async () => {
    await post(MODELS, { name: 'Nature Classifier', description: 'v1 card' });
    let res = await patch(MODEL, { description: 'v2 card', reason: 'typo' }, 'bob');
    expect(res.status).toBe(200);
    const m = ((await res.json()) as { model: Record<string, unknown> }).model;
    expect(m).toMatchObject({ description: 'v2 card', metadata: {} });
    expect(Date.parse(m.updatedAt as string)).toBeGreaterThanOrEqual(Date.parse(m.createdAt as string));
    res = await patch(MODEL, { metadata: { license: 'MIT' }, protectedAliases: ['production', 'prod-eu'] }, 'carol');
    expect(((await res.json()) as { model: Record<string, unknown> }).model).toMatchObject({
      metadata: { license: 'MIT' },
      protectedAliases: ['prod-eu', 'production'],
    });
    const before = await history();
    expect((await patch(MODEL, { description: 'v2 card', metadata: { license: 'MIT' } })).status).toBe(200);
    expect(await history()).toEqual(before);
    expect(before.map((e) => [e.ref, e.kind, e.actor])).toEqual([
      ['model', 'created', 'alice'],
      ['card', 'card-edited', 'bob'],
      ['metadata', 'metadata-edited', 'carol'],
      ['protected-aliases', 'protected-aliases-edited', 'carol'],
    ]);
    expect(before[1]!.detail).toEqual({ old: expect.stringMatching(/^b3:/), new: expect.stringMatching(/^b3:/), bytes: 7 });
    expect(before[3]!.detail).toEqual({ old: ['production'], new: ['prod-eu', 'production'] });
    expect(before[1]!.reason).toBe('typo');
  });

  it('lists and searches by name substring (any case), tag and alias', async () => {
    await sources(1);
    await post(MODELS, { name: 'Nature Classifier', tags: ['vision'] });
    await post(MODELS, { name: 'Bird Detector', tags: ['vision', 'detection'] });
    await post(MODELS, { name: 'Text Sentiment', tags: ['nlp'] });
    await post('/registry/acme/Bird%20Detector/links', { source: `${SRC}:v0`, aliases: ['production'] });
    const names = async (q: string) => {
      const res = await t.call('GET', `${MODELS}${q}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { models: { name: string }[] }).models.map((m) => m.name);
    };
    expect(await names('')).toEqual(['Bird Detector', 'Nature Classifier', 'Text Sentiment']);
    expect(await names('?search=CLASS')).toEqual(['Nature Classifier']);
    expect(await names('?search=t')).toEqual(['Bird Detector', 'Nature Classifier', 'Text Sentiment']);
    expect(await names('?tag=vision')).toEqual(['Bird Detector', 'Nature Classifier']);
    expect(await names('?tag=vision&search=nature')).toEqual(['Nature Classifier']);
    expect(await names('?alias=production')).toEqual(['Bird Detector']);
    expect(await names('?tag=none')).toEqual([]);
    expect(await names('?search=zzz')).toEqual([]);
    // Not a team: nothing can live there, for a site admin either.
    expect(await expectError(await t.call('GET', '/registry/nobody/models'), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'nobody' });
  });

  it('refuses bad input with a 4xx naming the problem and writes nothing', async () => {
    await sources(1);
    await post(MODELS, { name: 'Nature Classifier' });
    const before = { stats: await t.stats(), history: await history(), models: await (await t.call('GET', MODELS)).json() };
    const card300k = 'x'.repeat(300 * 1024);
    const cases: [Response, number, string, Record<string, unknown>?][] = [
      [await t.call('POST', MODELS, { body: '{', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson'],
      [await post(MODELS, {}), 400, 'InvalidArgument', { argument: 'name' }],
      [await post(MODELS, { name: 'Bad/Name' }), 400, 'InvalidName', { kind: 'name' }],
      [await post(MODELS, { name: 'two  spaces' }), 400, 'InvalidName', { kind: 'name' }],
      [await post(MODELS, { name: 'x'.repeat(129) }), 400, 'InvalidName', { kind: 'name' }],
      [await post('/registry/ac%20me/models', { name: 'X' }), 400, 'InvalidName', { kind: 'entity' }],
      [await post(MODELS, { name: 'X', description: card300k }), 400, 'InvalidArgument', { argument: 'description' }],
      [await post(MODELS, { name: 'X', description: 'x'.repeat(3 * 1024 * 1024) }), 413, 'PayloadTooLarge'],
      [await post(MODELS, { name: 'X', metadata: [1] }), 400, 'InvalidArgument', { argument: 'metadata' }],
      [await post(MODELS, { name: 'X', tags: ['ok', 'not ok'] }), 400, 'InvalidName', { kind: 'tag', name: 'not ok' }],
      [await post(MODELS, { name: 'X', tags: 'vision' }), 400, 'InvalidArgument', { argument: 'tags' }],
      [await post(MODELS, { name: 'X', protectedAliases: ['v1'] }), 400, 'InvalidName', { kind: 'alias' }],
      [await post(MODELS, { name: 'X', type: 'a b' }), 400, 'InvalidArgument', { argument: 'type' }],
      [await post(MODELS, { name: 'X', card: 'misspelt' }), 400, 'InvalidArgument', { argument: 'card' }],
      [await patch(MODEL, { description: card300k }), 400, 'InvalidArgument', { argument: 'description' }],
      [await patch(MODEL, { description: 7 }), 400, 'InvalidArgument', { argument: 'description' }],
      [await patch(MODEL, { metadata: 'x' }), 400, 'InvalidArgument', { argument: 'metadata' }],
      [await patch(MODEL, { name: 'Renamed' }), 400, 'InvalidArgument', { argument: 'name' }],
      [await patch('/registry/acme/models/Nope', { description: 'x' }), 404, 'NotFound', { kind: 'model', name: 'acme/model-registry/Nope' }],
      [await patch('/registry/acme/models/Bad%21', { description: 'x' }), 400, 'InvalidName', { kind: 'name' }],
      [await t.call('GET', '/registry/acme/models/Nope'), 404, 'NotFound', { kind: 'model' }],
      [await t.call('GET', '/registry/acme/models/Nope/history'), 404, 'NotFound', { kind: 'model' }],
      [await t.call('GET', `${MODELS}?tag=bad%20tag`), 400, 'InvalidName', { kind: 'tag' }],
      [await t.call('GET', `${MODELS}?alias=a..b`), 400, 'InvalidName', { kind: 'alias' }],
      [await t.call('GET', `${MODELS}?sort=name`), 400, 'InvalidArgument', { argument: 'sort' }],
      [await t.call('GET', `${MODELS}?tag=a&tag=b`), 400, 'InvalidArgument', { argument: 'tag' }],
    ];
    for (const [res, status, code, data] of cases) {
      const got = await expectError(res, status, code);
      if (data) expect(got).toMatchObject(data);
    }
    // An artifact collection is not a registered model.
    await expectError(await t.call('GET', '/registry/acme/models/model'), 404, 'NotFound');
    expect(await t.stats()).toEqual(before.stats);
    expect(await history()).toEqual(before.history);
    expect(await (await t.call('GET', MODELS)).json()).toEqual(before.models);
    expect(t.logged).toEqual([]);
  });

  it('records the whole action history: linked, alias added/moved/removed, card edited, tags changed, unlinked, with who and when', async () => {
    await sources(2);
    await post(MODELS, { name: 'Nature Classifier' }, 'alice');
    await post('/registry/acme/Nature%20Classifier/links', { source: `${SRC}:v0`, aliases: ['staging'] }, 'bob');
    await post('/registry/acme/Nature%20Classifier/links', { source: `${SRC}:v1` }, 'bob');
    await t.call('PUT', '/collections/acme/model-registry/Nature%20Classifier/aliases/staging', { json: { version: 'v1' }, key: await t.keyFor('carol') });
    await t.call('DELETE', '/collections/acme/model-registry/Nature%20Classifier/aliases/staging', { key: await t.keyFor('carol') });
    await patch(MODEL, { description: 'card' }, 'dave');
    await post('/collections/acme/model-registry/Nature%20Classifier/tags', { tags: ['vision'] }, 'erin');
    await post('/collections/acme/model-registry/Nature%20Classifier/versions/v1/tags', { tags: ['approved'] }, 'erin');
    await t.call('DELETE', '/collections/acme/model-registry/Nature%20Classifier/tags/vision', { key: await t.keyFor('erin') });
    const unlink = await t.call('DELETE', '/collections/acme/model-registry/Nature%20Classifier/versions/v0?reason=superseded', { key: await t.keyFor('frank') });
    expect(unlink.status).toBe(200);
    const h = await history();
    expect(h.map((e) => [e.kind, e.ref, e.actor, e.old?.version ?? null, e.new?.version ?? null])).toEqual([
      ['created', 'model', 'alice', null, null],
      ['linked', 'versions/v0', 'bob', null, 'v0'],
      ['alias-added', 'aliases/latest', 'bob', null, 'v0'],
      ['alias-added', 'aliases/staging', 'bob', null, 'v0'],
      ['linked', 'versions/v1', 'bob', null, 'v1'],
      ['alias-moved', 'aliases/latest', 'bob', 'v0', 'v1'],
      ['alias-moved', 'aliases/staging', 'carol', 'v0', 'v1'],
      ['alias-removed', 'aliases/staging', 'carol', 'v1', null],
      ['card-edited', 'card', 'dave', null, null],
      ['tag-added', 'tags/vision', 'erin', null, null],
      ['tag-added', 'tags/approved', 'erin', null, 'v1'],
      ['tag-removed', 'tags/vision', 'erin', null, null],
      ['unlinked', 'versions/v0', 'frank', 'v0', null],
    ]);
    expect(h.at(-1)).toMatchObject({ reason: 'superseded', detail: { source: { collection: SRC, version: 'v0' } } });
    expect(h.every((e) => typeof (e as unknown as { time: string }).time === 'string')).toBe(true);
    // The same rows, through the plain ref log of the collection.
    expect((await t.log('acme/model-registry/Nature%20Classifier')).length).toBe(h.length);
  });
});
