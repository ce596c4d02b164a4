import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

describe('GET /lineage', () => {
  const t = useTestServer();

  async function startRun(jobType: string) {
    const res = await t.call('POST', '/runs/acme/nature', { json: { jobType } });
    return ((await res.json()) as { run: { path: string } }).run.path;
  }
  const post = (path: string, json: unknown) => t.call('POST', path, { json });

  /** dataset v0 → train run → model v0 → linked as Nature Classifier v0 (staging) → eval run. */
  async function pipeline() {
    const ds = ((await (await t.commit('acme/nature/raw', { 'a.png': 'pixels' })).json()) as { version: { digest: string } }).version.digest;
    const train = await startRun('train');
    await post(`/runs/${train}/inputs`, { ref: 'acme/nature/raw:latest' });
    const model = ((await (await t.commit('acme/nature/clf', { 'model.onnx': 'w' }, { type: 'model', run: train })).json()) as { version: { digest: string } }).version.digest;
    await post(`/runs/${train}/finish`, {});
    await post('/registry/acme/Nature Classifier/links', { source: 'acme/nature/clf:v0', aliases: ['staging'] });
    const evaluation = await startRun('eval');
    await post(`/runs/${evaluation}/inputs`, { ref: 'acme/model-registry/Nature Classifier:staging' });
    return { ds, train, model, evaluation };
  }

  const get = async (query: string) => {
    const res = await t.call('GET', `/lineage?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { root: string; nodes: { id: string; distance: number }[]; edges: unknown[]; truncated: boolean; depth: number; direction: string };
  };

  // Nodes and edges come in the order the walk finds them (nearest first), which the
  // stored rows make deterministic.
  it('walks dataset -> train run -> model -> registry link -> eval run from the registry version', async () => {
    const p = await pipeline();
    const graph = await get(`ref=${encodeURIComponent('acme/model-registry/Nature Classifier:staging')}`);
    const reg = 'version:acme/model-registry/Nature Classifier:v0';
    const model = 'version:acme/nature/clf:v0';
    const ds = 'version:acme/nature/raw:v0';
    expect(graph).toEqual({
      root: reg,
      direction: 'both',
      depth: 3,
      truncated: false,
      nodes: [
        { id: reg, kind: 'version', collection: 'acme/model-registry/Nature Classifier', collectionKind: 'registry', type: 'model', version: 'v0', digest: p.model, createdAt: expect.any(String), distance: 0 },
        { id: model, kind: 'version', collection: 'acme/nature/clf', collectionKind: 'artifact', type: 'model', version: 'v0', digest: p.model, createdAt: expect.any(String), distance: 0 },
        { id: `run:${p.evaluation}`, kind: 'run', path: p.evaluation, name: null, jobType: 'eval', state: 'running', startedAt: expect.any(String), finishedAt: null, distance: 1 },
        { id: `run:${p.train}`, kind: 'run', path: p.train, name: null, jobType: 'train', state: 'finished', startedAt: expect.any(String), finishedAt: expect.any(String), distance: 1 },
        { id: ds, kind: 'version', collection: 'acme/nature/raw', collectionKind: 'artifact', type: 'dataset', version: 'v0', digest: p.ds, createdAt: expect.any(String), distance: 2 },
      ],
      edges: [
        { from: model, to: reg, kind: 'link' },
        { from: reg, to: `run:${p.evaluation}`, kind: 'input' },
        { from: `run:${p.train}`, to: model, kind: 'output' },
        { from: ds, to: `run:${p.train}`, kind: 'input' },
      ],
    });
  });

  it('goes only up or only down when asked, and stops at the depth', async () => {
    const p = await pipeline();
    const ids = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => n.id);
    expect(ids(await get('ref=acme/nature/raw:v0&direction=down&depth=5'))).toEqual([
      'version:acme/nature/raw:v0',
      `run:${p.train}`,
      'version:acme/nature/clf:v0',
      'version:acme/model-registry/Nature Classifier:v0',
      `run:${p.evaluation}`,
    ]);
    expect(ids(await get('ref=acme/nature/raw:v0&direction=down&depth=1'))).toEqual(['version:acme/nature/raw:v0', `run:${p.train}`]);
    expect(ids(await get('ref=acme/nature/raw:v0&direction=up'))).toEqual(['version:acme/nature/raw:v0']);
    expect(ids(await get(`run=${p.evaluation}&direction=up&depth=2`))).toEqual([
      `run:${p.evaluation}`,
      'version:acme/model-registry/Nature Classifier:v0',
      'version:acme/nature/clf:v0',
      `run:${p.train}`,
    ]);
    // "both" gives ancestors and descendants of the train run, not siblings of its input.
    const both = await get(`run=${p.train}&depth=0`);
    expect(ids(both)).toEqual([`run:${p.train}`]);
    expect(both.edges).toEqual([]);
  });

  it('refuses bad queries with 400 and unknown roots with 404', async () => {
    await pipeline();
    expect(await expectError(await t.call('GET', '/lineage'), 400, 'InvalidArgument')).toEqual({ argument: 'ref', reason: 'give exactly one of ref and run' });
    expect(await expectError(await t.call('GET', '/lineage?ref=acme/nature/raw&run=acme/nature/abcdefgh'), 400, 'InvalidArgument')).toMatchObject({ argument: 'ref' });
    expect(await expectError(await t.call('GET', '/lineage?ref=acme/nature/raw&depth=51'), 400, 'InvalidArgument')).toEqual({ argument: 'depth', reason: 'a whole number from 0 to 50' });
    expect(await expectError(await t.call('GET', '/lineage?ref=acme/nature/raw&depth=-1'), 400, 'InvalidArgument')).toMatchObject({ argument: 'depth' });
    expect(await expectError(await t.call('GET', '/lineage?ref=acme/nature/raw&direction=sideways'), 400, 'InvalidArgument')).toMatchObject({ argument: 'direction' });
    expect(await expectError(await t.call('GET', '/lineage?ref=acme/nature/raw&dept=2'), 400, 'InvalidArgument')).toEqual({ argument: 'dept', reason: 'unknown query parameter' });
    expect(await expectError(await t.call('GET', '/lineage?ref=acme/nature/nothing'), 404, 'NotFound')).toEqual({ kind: 'collection', name: 'acme/nature/nothing' });
    expect(await expectError(await t.call('GET', '/lineage?run=acme/nature/zzzzzzzz'), 404, 'NotFound')).toEqual({ kind: 'run', name: 'acme/nature/zzzzzzzz' });
  });
});
