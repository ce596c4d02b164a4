import { describe, expect, it } from 'vitest';
import { commitVersion } from '../commands/commitVersion.js';
import { linkVersion } from '../commands/linkVersion.js';
import { readVersionObject } from '../commands/readVersionObject.js';
import { resolveVersion } from '../commands/resolveVersion.js';
import { hashBytes } from '../digest/hashBytes.js';
import { parseRef } from '../names/parseRef.js';
import { buildTree } from '../objects/buildTree.js';
import { encodeObject } from '../objects/encodeObject.js';
import type { VersionObject } from '../objects/VersionObject.js';
import { errorOf } from '../testing/errorOf.js';
import { appendMetrics } from './appendMetrics.js';
import { createRun } from './createRun.js';
import { finishRun } from './finishRun.js';
import { getRun } from './getRun.js';
import { lineage } from './lineage.js';
import { parseRunPath } from './parseRunPath.js';
import { producerRunOf } from './producerRunOf.js';
import { readMetrics } from './readMetrics.js';
import { recordRunInput } from './recordRunInput.js';
import { RunDb } from './RunDb.js';
import { updateRunSummary } from './updateRunSummary.js';
import { useTempStore } from '../testing/useTempStore.js';

const t = useTempStore('arca-runs-');

async function commit(name: string, text: string, run?: string) {
  await t.store.objects.put(hashBytes(Buffer.from(text)), Buffer.from(text));
  const tree = buildTree([{ path: 'f.bin', size: Buffer.byteLength(text), digest: hashBytes(Buffer.from(text)) }]);
  await t.store.objects.put(tree.digest, tree.bytes);
  return commitVersion(t.store, { collection: { entity: 'e', project: 'p', name }, type: 'model', tree: tree.digest, actor: 'a', ...(run ? { run } : {}) });
}

function counts() {
  const n = (table: string) => (t.store.refs.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { runs: n('runs'), metrics: n('run_metrics'), summary: n('run_summary'), outputs: n('run_outputs'), versions: n('versions') };
}

describe('version digests and the producer field', () => {
  it('encodes a version object without a run exactly as before runs existed (pinned vector)', () => {
    const obj: VersionObject = {
      format: 1,
      collection: 'e/p/m',
      type: 'model',
      tree: 'b3:' + '1'.repeat(64),
      parent: null,
      metadata: { acc: 0.9 },
      description: '',
      producer: null,
      created: '2026-01-01T00:00:00.000Z',
    };
    // Computed with the store of main at 652ff2c, before runs existed: a change of the encoding (say, omitting
    // a null producer) would re-key every stored version, so it must fail here.
    expect(hashBytes(encodeObject('version', obj))).toBe('b3:bdc2c8d32a05146f006ad3493817b68c41dc9315bcfce9d70fa0f3ffd561279a');
  });

  it('names the run as producer of a version it logs, and keeps null otherwise', async () => {
    const plain = await commit('m', 'one');
    expect(plain.version.producer).toBeNull();
    expect((await readVersionObject(t.store.objects, plain.version.digest)).producer).toBeNull();

    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    const logged = await commit('m', 'two', run.path);
    expect(logged.version.producer).toBe(run.path);
    const obj = await readVersionObject(t.store.objects, logged.version.digest);
    expect(obj.producer).toBe(run.path);
    expect(hashBytes(encodeObject('version', obj))).toBe(logged.version.digest);
    expect(getRun(t.store, parseRunPath(run.path)).outputs.map((o) => [o.version, o.produced])).toEqual([['v1', true]]);
  });

  it('records equal content logged by a run as its output, keeping the original producer', async () => {
    const first = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    const second = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    const a = await commit('m', 'same', first.path);
    const b = await commit('m', 'same', second.path);
    expect(b.created).toBe(false);
    expect(b.version.producer).toBe(first.path);
    expect(getRun(t.store, parseRunPath(second.path)).outputs.map((o) => [o.version, o.produced])).toEqual([['v0', false]]);
    const row = resolveVersion(t.store.refs, parseRef('e/p/m:v0')).version;
    expect(producerRunOf(t.store.refs, row)!.path).toBe(first.path);
    expect(a.version.digest).toBe(b.version.digest);
  });

  it('answers the producer of a registry version with its source run and summary', async () => {
    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    appendMetrics(t.store, parseRunPath(run.path), [{ values: { acc: 0.5 } }, { values: { acc: 0.75 } }]);
    await commit('m', 'w', run.path);
    await linkVersion(t.store, { source: parseRef('e/p/m:v0'), registry: { entity: 'e', project: 'model-registry', name: 'M' }, actor: 'a' });
    const reg = resolveVersion(t.store.refs, parseRef('e/model-registry/M:v0')).version;
    expect(producerRunOf(t.store.refs, reg)).toMatchObject({ path: run.path, summary: { acc: 0.75 } });
  });

  it('refuses a finished run, another team\'s run or an unknown run, writing nothing', async () => {
    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    finishRun(t.store, parseRunPath(run.path));
    const before = counts();
    const finished = await commit('m', 'x', run.path).catch((e: unknown) => e);
    expect(finished).toMatchObject({ code: 'RunNotRunning', data: { run: run.path, state: 'finished' } });
    const other = createRun(t.store, { entity: 'f', project: 'p', actor: 'a' });
    expect(await commit('m', 'x', other.path).catch((e: unknown) => e)).toMatchObject({ code: 'InvalidArgument', data: { argument: 'run' } });
    expect(await commit('m', 'x', 'e/p/zzzzzzzz').catch((e: unknown) => e)).toMatchObject({ code: 'NotFound', data: { kind: 'run' } });
    expect(await commit('m', 'x', 'e/p/BAD').catch((e: unknown) => e)).toMatchObject({ code: 'InvalidName', data: { kind: 'run' } });
    expect(counts()).toEqual({ ...before, runs: before.runs + 1 });
    expect(t.store.refs.findCollection({ entity: 'e', project: 'p', name: 'm' })).toBeUndefined();
  });
});

describe('metrics', () => {
  it('assigns steps, keeps the last value per key as summary, and reads ranges as columns', () => {
    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a', config: { lr: 0.1 } });
    const path = parseRunPath(run.path);
    expect(appendMetrics(t.store, path, [{ values: { loss: 3 } }, { values: { loss: 2, acc: 0.1 } }])).toEqual({ appended: 2, firstStep: 0, lastStep: 1 });
    expect(appendMetrics(t.store, path, [{ step: 10, time: 5, values: { loss: 1 } }, { values: { loss: 0.5 } }])).toEqual({ appended: 2, firstStep: 10, lastStep: 11 });
    // An older step does not displace the summary's last value.
    appendMetrics(t.store, path, [{ step: 3, values: { loss: 9 } }]);
    const info = getRun(t.store, path);
    expect(info.summary).toEqual({ acc: 0.1, loss: 0.5 });
    expect(info.lastStep).toBe(11);
    const [loss] = readMetrics(t.store, path, { keys: ['loss'], minStep: 1, maxStep: 10 });
    expect(loss).toEqual({ key: 'loss', steps: [1, 3, 10], times: [expect.any(Number), expect.any(Number), 5], values: [2, 9, 1], nextStep: null });
    const page = readMetrics(t.store, path, { keys: ['loss'], limit: 2 });
    expect(page[0]).toMatchObject({ steps: [0, 1], nextStep: 2 });
    expect(readMetrics(t.store, path).map((s) => s.key)).toEqual(['acc', 'loss']);
  });

  it('refuses a bad batch whole: nothing of it is written', () => {
    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    const path = parseRunPath(run.path);
    const bad: [unknown, string][] = [
      [[], 'rows'],
      [[{ values: { ok: 1 } }, { values: { 'bad key': 1 } }], 'rows[1].values'],
      [[{ values: { ok: 1 } }, { values: { x: 'high' } }], 'rows[1].values.x'],
      [[{ step: -1, values: { x: 1 } }], 'rows[0].step'],
      [[{ step: 1.5, values: { x: 1 } }], 'rows[0].step'],
      [[{ values: {} }], 'rows[0].values'],
      [[{ values: { x: 1 }, extra: 1 }], 'rows[0].extra'],
    ];
    for (const [rows, argument] of bad) {
      expect(errorOf(() => appendMetrics(t.store, path, rows))).toMatchObject({ code: 'InvalidArgument', data: { argument } });
    }
    expect(counts().metrics).toBe(0);
    expect(RunDb.of(t.store.refs).runById(run.id)!.next_step).toBe(0);
  });

  it('refuses metrics after the run ended; finishing twice the same way is a no-op', () => {
    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    const path = parseRunPath(run.path);
    const done = finishRun(t.store, path, { state: 'failed', summary: { note: 'oom' } });
    expect(done).toMatchObject({ state: 'failed', summary: { note: 'oom' }, finishedAt: expect.any(String) });
    expect(errorOf(() => appendMetrics(t.store, path, [{ values: { x: 1 } }]))).toMatchObject({ code: 'RunNotRunning', data: { state: 'failed' } });
    expect(finishRun(t.store, path, { state: 'failed' })).toEqual(done);
    expect(errorOf(() => finishRun(t.store, path, { state: 'finished' }))).toMatchObject({ code: 'RunNotRunning' });
    expect(errorOf(() => finishRun(t.store, path, { state: 'running' }))).toMatchObject({ code: 'InvalidArgument', data: { argument: 'state' } });
  });

  it('refuses the key __proto__ in metrics and summaries (400) instead of answering 200 and losing it from the summary', () => {
    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    const path = parseRunPath(run.path);
    // As the server parses a request body: JSON.parse makes __proto__ an own key.
    const rows = JSON.parse('[{"values": {"__proto__": 1, "acc": 2}}]') as unknown;
    expect(errorOf(() => appendMetrics(t.store, path, rows))).toMatchObject({ code: 'InvalidArgument', data: { argument: 'rows[0].values' } });
    expect(readMetrics(t.store, path)).toEqual([]);
    expect(errorOf(() => updateRunSummary(t.store, path, JSON.parse('{"__proto__": 5}') as Record<string, unknown>))).toMatchObject({
      code: 'InvalidArgument',
      data: { argument: 'summary' },
    });
    expect(getRun(t.store, path).summary).toEqual({});
  });

  it('answers a retried finish that carries the same summary unchanged, and refuses one with another summary', () => {
    const run = createRun(t.store, { entity: 'e', project: 'p', actor: 'a' });
    const path = parseRunPath(run.path);
    const done = finishRun(t.store, path, { state: 'finished', summary: { acc: 0.9 } });
    // `arca run finish --summary acc=0.9` again, after its answer was lost.
    expect(finishRun(t.store, path, { state: 'finished', summary: { acc: 0.9 } })).toEqual(done);
    expect(errorOf(() => finishRun(t.store, path, { state: 'finished', summary: { acc: 0.5 } }))).toMatchObject({ code: 'RunNotRunning', data: { state: 'finished' } });
    expect(errorOf(() => finishRun(t.store, path, { state: 'failed', summary: { acc: 0.9 } }))).toMatchObject({ code: 'RunNotRunning' });
    expect(getRun(t.store, path)).toMatchObject({ state: 'finished', summary: { acc: 0.9 }, finishedAt: done.finishedAt });
  });
});

describe('lineage', () => {
  it('walks a cycle (A logs v0, B uses v0 and logs v1, A uses v1) once, and stops at maxNodes', async () => {
    const a = createRun(t.store, { entity: 'e', project: 'p', actor: 'x' });
    const b = createRun(t.store, { entity: 'e', project: 'p', actor: 'x' });
    await commit('m', 'zero', a.path);
    await recordRunInput(t.store, parseRunPath(b.path), parseRef('e/p/m:v0'));
    await commit('m', 'one', b.path);
    await recordRunInput(t.store, parseRunPath(a.path), parseRef('e/p/m:v1'));
    const graph = lineage(t.store, { run: parseRunPath(a.path) }, { depth: 50, direction: 'up' });
    expect(graph.nodes.map((n) => n.id)).toEqual([`run:${a.path}`, 'version:e/p/m:v1', `run:${b.path}`, 'version:e/p/m:v0']);
    expect(graph.edges).toEqual([
      { from: 'version:e/p/m:v1', to: `run:${a.path}`, kind: 'input' },
      { from: `run:${b.path}`, to: 'version:e/p/m:v1', kind: 'output' },
      { from: 'version:e/p/m:v0', to: `run:${b.path}`, kind: 'input' },
      { from: `run:${a.path}`, to: 'version:e/p/m:v0', kind: 'output' },
    ]);
    const cut = lineage(t.store, { run: parseRunPath(a.path) }, { depth: 50, direction: 'both', maxNodes: 2 });
    expect(cut.nodes).toHaveLength(2);
    expect(cut.truncated).toBe(true);
  });
});
