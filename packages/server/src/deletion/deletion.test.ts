import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const SRC = 'acme/vision/model';
const SRC_PATH = '/collections/acme/vision/model';
const REG = 'acme/model-registry/Nature Classifier';
const REG_PATH = '/collections/acme/model-registry/Nature%20Classifier';
const LINKS = '/registry/acme/Nature%20Classifier/links';

describe('deleting versions and collections', () => {
  const t = useTestServer();
  const del = async (path: string, actor = 'alice') => t.call('DELETE', path, { key: await t.keyFor(actor) });
  const resolve = (ref: string) => t.call('GET', `/resolve?ref=${encodeURIComponent(ref)}`);

  const sources = (n = 3) => t.commitModels(SRC, n);

  it('deletes an artifact version nothing points at: it stops resolving, latest falls back, objects stay, and its number is never given again', async () => {
    const src = await sources();
    await t.call('PUT', `${SRC_PATH}/aliases/best`, { json: { version: 'v2' } });
    const before = await t.stats();
    const res = await del(`${SRC_PATH}/versions/v2?reason=bad%20run`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: { collection: SRC, version: 'v2', digest: src[2]!.digest }, aliasesRemoved: ['best'], latest: 'v1' });
    await expectError(await resolve(`${SRC}:v2`), 404, 'NotFound');
    await expectError(await resolve(`${SRC}:best`), 404, 'NotFound');
    await expectError(await resolve(`${SRC}@${src[2]!.digest}`), 404, 'NotFound');
    expect(((await (await resolve(SRC)).json()) as { version: { version: string } }).version.version).toBe('v1');
    // Objects are gc's business, not delete's.
    expect(await t.stats()).toEqual(before);
    // The same content logged again is a new version with a new number.
    const again = (await (await t.commit(SRC, { 'model.onnx': 'weights 2' }, { type: 'model' })).json()) as { created: boolean; version: { version: string } };
    expect(again).toMatchObject({ created: true, version: { version: 'v3' } });
    await del(`${SRC_PATH}/versions/v3`);
    const next = (await (await t.commit(SRC, { 'model.onnx': 'weights 9' }, { type: 'model' })).json()) as { version: { version: string } };
    expect(next.version.version).toBe('v4');
    const log = (await t.log(SRC)) as { ref: string; kind: string; actor: string; reason: string }[];
    expect(log.filter((e) => e.kind === 'deleted').map((e) => e.ref)).toEqual(['versions/v2', 'versions/v3']);
    expect(log.find((e) => e.ref === 'aliases/best' && e.kind === 'alias-removed')).toMatchObject({ actor: 'alice', reason: 'bad run' });
    const listed = (await (await t.call('GET', SRC_PATH)).json()) as { versions: { version: string }[] };
    expect(listed.versions.map((v) => v.version)).toEqual(['v0', 'v1', 'v4']);
  });

  it('refuses to delete an artifact version a registry version links: 409 InUse naming the registry and version', async () => {
    await sources();
    await t.call('POST', LINKS, { json: { source: `${SRC}:v1` } });
    await t.call('POST', '/registry/acme/Other/links', { json: { source: `${SRC}:v0` } });
    await t.call('POST', '/registry/acme/Other/links', { json: { source: `${SRC}:v1` } });
    const before = await t.log(SRC);
    const data = await expectError(await del(`${SRC_PATH}/versions/v1`), 409, 'InUse');
    expect(data).toEqual({
      name: `${SRC}:v1`,
      pointers: [
        { kind: 'link', registry: REG, version: 'v0', target: `${SRC}:v1` },
        { kind: 'link', registry: 'acme/model-registry/Other', version: 'v1', target: `${SRC}:v1` },
      ],
    });
    expect(await t.log(SRC)).toEqual(before);
    expect((await resolve(`${SRC}:v1`)).status).toBe(200);
    // Once both links are gone it can go.
    expect((await del(`${REG_PATH}/versions/v0`)).status).toBe(200);
    expect((await del('/collections/acme/model-registry/Other/versions/v1')).status).toBe(200);
    expect((await del(`${SRC_PATH}/versions/v1`)).status).toBe(200);
  });

  it('refuses to unlink a version a protected alias points at: 409 InUse naming the alias; other aliases go with it', async () => {
    const src = await sources(2);
    await t.call('POST', LINKS, { json: { source: `${SRC}:v0`, aliases: ['production', 'staging'] } });
    await t.call('POST', LINKS, { json: { source: `${SRC}:v1` } });
    const data = await expectError(await del(`${REG_PATH}/versions/production`), 409, 'InUse');
    expect(data).toEqual({ name: `${REG}:v0`, pointers: [{ kind: 'alias', collection: REG, alias: 'production', target: `${REG}:v0` }] });
    // A registered model may protect other aliases instead.
    await t.call('PATCH', '/registry/acme/models/Nature%20Classifier', { json: { protectedAliases: ['staging'] } });
    expect(await expectError(await del(`${REG_PATH}/versions/v0`), 409, 'InUse')).toMatchObject({ pointers: [{ kind: 'alias', alias: 'staging' }] });
    await t.call('DELETE', `${REG_PATH}/aliases/staging`);
    const res = await del(`${REG_PATH}/versions/v0`, 'bob');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: { collection: REG, version: 'v0', digest: src[0]!.digest }, aliasesRemoved: ['production'], latest: 'v1' });
    // The artifact version is untouched; the registry no longer holds it and may link it again as a new number.
    expect((await resolve(`${SRC}:v0`)).status).toBe(200);
    const relink = (await (await t.call('POST', LINKS, { json: { source: `${SRC}:v0` } })).json()) as { created: boolean; version: { version: string } };
    expect(relink).toMatchObject({ created: true, version: { version: 'v2' } });
  });

  it('deletes a collection only when nothing holds it; its ref log ends with the deletion and the name is free again', async () => {
    await sources(2);
    await t.call('POST', LINKS, { json: { source: `${SRC}:v1`, aliases: ['production'] } });
    await t.call('POST', `${SRC_PATH}/tags`, { json: { tags: ['cnn'] } });
    expect(await expectError(await del(SRC_PATH), 409, 'InUse')).toEqual({
      name: SRC,
      pointers: [{ kind: 'link', registry: REG, version: 'v0', target: `${SRC}:v1` }],
    });
    expect(await expectError(await del(REG_PATH), 409, 'InUse')).toEqual({
      name: REG,
      pointers: [{ kind: 'alias', collection: REG, alias: 'production', target: `${REG}:v0` }],
    });
    await t.call('DELETE', `${REG_PATH}/aliases/production`);
    let res = await del(`${REG_PATH}?reason=retired`, 'bob');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: { collection: REG, versions: 1 } });
    await expectError(await t.call('GET', '/registry/acme/models/Nature%20Classifier'), 404, 'NotFound');
    await expectError(await resolve(`${REG}:latest`), 404, 'NotFound');
    res = await del(SRC_PATH);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: { collection: SRC, versions: 2 } });
    expect(await (await t.call('GET', '/projects/acme/vision/collections')).json()).toEqual({ collections: [] });
    expect(await (await t.call('GET', '/tags/acme/cnn')).json()).toEqual({ collections: [], versions: [] });
    // The name can be used again, starting from v0 with a fresh ref log.
    const fresh = (await (await t.commit(SRC, { 'model.onnx': 'new' }, { type: 'model' })).json()) as { version: { version: string } };
    expect(fresh.version.version).toBe('v0');
    expect(((await t.log(SRC)) as { ref: string }[]).map((e) => e.ref)).toEqual(['versions/v0', 'aliases/latest']);
    await expectError(await del('/collections/acme/vision/nope'), 404, 'NotFound');
  });

  it('a run that logged or used a deleted version still reads: the version is marked deleted and leaves the lineage graph', async () => {
    const run = ((await (await t.call('POST', '/runs/acme/vision', { json: {} })).json()) as { run: { path: string } }).run;
    expect((await t.commit(SRC, { 'model.onnx': 'weights 0' }, { type: 'model', run: run.path })).status).toBe(201);
    expect((await t.commit(SRC, { 'model.onnx': 'weights 1' }, { type: 'model', run: run.path })).status).toBe(201);
    expect((await t.call('POST', `/runs/${run.path}/inputs`, { json: { ref: `${SRC}:v0` } })).status).toBeLessThan(300);
    expect((await del(`${SRC_PATH}/versions/v0`)).status).toBe(200);
    const res = await t.call('GET', `/runs/${run.path}`);
    expect(res.status).toBe(200);
    const detail = ((await res.json()) as { run: { inputs: Record<string, unknown>[]; outputs: Record<string, unknown>[] } }).run;
    expect(detail.inputs).toEqual([expect.objectContaining({ collection: SRC, version: 'v0', deleted: true })]);
    expect(detail.outputs.map((o) => [o.version, o.deleted ?? false])).toEqual([['v0', true], ['v1', false]]);
    const lineage = await t.call('GET', `/lineage?run=${encodeURIComponent(run.path)}&depth=2`);
    expect(lineage.status).toBe(200);
    const graph = (await lineage.json()) as { nodes: { kind: string; version?: string }[] };
    expect(graph.nodes.filter((n) => n.kind === 'version').map((n) => n.version)).toEqual(['v1']);
    expect(t.logged).toEqual([]);
  });

  it('refuses bad input with a 4xx and deletes nothing', async () => {
    await sources(1);
    const before = { stats: await t.stats(), log: await t.log(SRC) };
    const cases: [Response, number, string, Record<string, unknown>?][] = [
      [await del(`${SRC_PATH}/versions/v9`), 404, 'NotFound', { kind: 'version', name: `${SRC}:v9` }],
      [await del(`${SRC_PATH}/versions/nope`), 404, 'NotFound', { kind: 'alias' }],
      [await del(`${SRC_PATH}/versions/a..b`), 400, 'InvalidName', { kind: 'alias' }],
      [await del(`${SRC_PATH}/versions/b3:zz`), 400, 'InvalidName', { kind: 'ref' }],
      [await del('/collections/acme/vision/nope/versions/v0'), 404, 'NotFound', { kind: 'collection' }],
      [await del('/collections/acme/vi%24ion/model/versions/v0'), 400, 'InvalidName', { kind: 'project' }],
      [await del(`${SRC_PATH}/versions/v0?reason=${'r'.repeat(5000)}`), 400, 'InvalidArgument', { argument: 'reason' }],
      [await del(`${SRC_PATH}?reason=a&reason=b`), 400, 'InvalidArgument', { argument: 'reason' }],
      [await del('/collections/acme/vision/bad%21'), 400, 'InvalidName', { kind: 'name' }],
    ];
    for (const [res, status, code, data] of cases) {
      const got = await expectError(res, status, code);
      if (data) expect(got).toMatchObject(data);
    }
    expect(await t.stats()).toEqual(before.stats);
    expect(await t.log(SRC)).toEqual(before.log);
    expect(t.logged).toEqual([]);
  });
});
