import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';

// A real server on a temp data dir; requests counted through an injected fetch.
// The site admin's key of the test server (as ARCA_ADMIN_KEY would set it).
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { seedTestTeams } from '../testing/seedTestTeams.js';
let server: { url: string; close(): Promise<void> };
let work: string;
let requests: string[];

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'arca-client-runs-'));
  server = await startServer({ dataDir: join(work, 'server'), host: '127.0.0.1', port: 0, adminKey: TEST_ADMIN_KEY });
  await seedTestTeams(server.url);
  requests = [];
});
afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

function client(fetchImpl: typeof fetch = fetch): ArcaClient {
  const counting: typeof fetch = (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    return fetchImpl(input, init);
  };
  return new ArcaClient({ url: server.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(work, 'cache'), fetch: counting });
}

function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

describe('Run (W&B style: initRun, useArtifact, log, logArtifact, finish)', () => {
  it('records the whole lineage of a training script and batches its metrics', async () => {
    const arca = client();
    await arca.logArtifact({ name: 'acme/nature/raw', type: 'dataset', paths: [writeFiles(join(work, 'raw'), { 'a.png': 'pixels' })] });

    const run = await arca.initRun({ entity: 'acme', project: 'nature', jobType: 'train', config: { lr: 0.01, epochs: 3 }, flushRows: 500 });
    expect(run.path).toMatch(/^acme\/nature\/[0-9a-z]{8}$/);
    // W&B's use_artifact(..., type=): the wrong type is refused before anything is recorded.
    await expect(run.useArtifact('acme/nature/raw:latest', { type: 'model' })).rejects.toMatchObject({
      code: 'TypeMismatch',
      data: { collection: 'acme/nature/raw', expected: 'dataset', actual: 'model' },
    });
    await expect(arca.useArtifact('acme/nature/raw:latest', { type: 'model' })).rejects.toMatchObject({ code: 'TypeMismatch' });
    const data = await run.useArtifact('acme/nature/raw:latest', { type: 'dataset' });
    const dl = await data.download(join(work, 'data'));
    expect(dl.version.digest).toBe(data.version.digest);
    expect(readFileSync(join(work, 'data', 'a.png'), 'utf8')).toBe('pixels');

    requests.length = 0;
    for (let step = 0; step < 1200; step++) run.log({ loss: 1 / (step + 1), 'train/acc': step / 1200 });
    await run.flush();
    // Row 500 starts a flush; the loop does not yield, so the other 700 rows wait for
    // it and go in one more request at flush(): two requests for 1 200 rows.
    expect(requests.filter((r) => r.endsWith('/metrics'))).toHaveLength(2);

    const model = await run.logArtifact({ name: 'acme/nature/clf', type: 'model', paths: [writeFiles(join(work, 'out'), { 'model.onnx': 'weights' })], aliases: ['best'] });
    expect(model.version.producer).toBe(run.path);
    const done = await run.finish('finished', { best_loss: 0.001 });
    expect(done).toMatchObject({ state: 'finished', lastStep: 1199, summary: { loss: 1 / 1200, 'train/acc': 1199 / 1200, best_loss: 0.001 } });

    const [loss] = await arca.runs.readMetrics(run.path, { keys: ['loss'], minStep: 1198 });
    expect(loss).toMatchObject({ steps: [1198, 1199], values: [1 / 1199, 1 / 1200] });
    const detail = await arca.runs.get(run.path);
    expect(detail.inputs.map((i) => `${i.collection}:${i.version}`)).toEqual(['acme/nature/raw:v0']);
    expect(detail.outputs.map((o) => [`${o.collection}:${o.version}`, o.produced])).toEqual([['acme/nature/clf:v0', true]]);

    await arca.linkArtifact('acme/nature/clf:best', 'acme/model-registry/Nature Classifier', { aliases: ['staging'] });
    const graph = await arca.lineage('acme/model-registry/Nature Classifier:staging', { direction: 'up' });
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'version:acme/model-registry/Nature Classifier:v0',
      'version:acme/nature/clf:v0',
      `run:${run.path}`,
      'version:acme/nature/raw:v0',
    ]);
    // The link into the registry costs no hop: it is the same version.
    expect((await arca.runLineage(run.path, { direction: 'down', depth: 1 })).nodes.map((n) => n.id)).toEqual([
      `run:${run.path}`,
      'version:acme/nature/clf:v0',
      'version:acme/model-registry/Nature Classifier:v0',
    ]);
  });

  it('keeps rows whose flush failed and resends them with the same steps', async () => {
    let failNext = true;
    const flaky: typeof fetch = async (input, init) => {
      if (failNext && String(input).endsWith('/metrics') && init?.method === 'POST') {
        failNext = false;
        throw new TypeError('fetch failed');
      }
      return fetch(input, init);
    };
    const arca = client(flaky);
    const run = await arca.initRun({ entity: 'acme', project: 'nature', flushRows: 10_000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) run.log({ x: i });
    // The request carries its steps, so it is safe to retry: the first failure is absorbed.
    await run.flush();
    const [x] = await arca.runs.readMetrics(run.path, { keys: ['x'] });
    expect(x).toMatchObject({ steps: [0, 1, 2, 3, 4], values: [0, 1, 2, 3, 4] });
  });

  it('reports a flush refused by the server on the next call, and keeps the rows', async () => {
    const arca = client();
    const run = await arca.initRun({ entity: 'acme', project: 'nature', flushIntervalMs: 60_000 });
    await arca.runs.finish(run.path, { state: 'crashed' });
    run.log({ x: 1 });
    await expect(run.flush()).rejects.toMatchObject({ code: 'RunNotRunning', data: { state: 'crashed' } });
    await expect(run.finish()).rejects.toMatchObject({ code: 'RunNotRunning' });
  });

  it('validates metrics before buffering them, and refuses a bad run path with no request', async () => {
    const arca = client();
    const run = await arca.initRun({ entity: 'acme', project: 'nature' });
    expect(() => run.log({ 'bad key': 1 })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => run.log({ x: Number.NaN })).toThrow(expect.objectContaining({ code: 'InvalidArgument', data: expect.objectContaining({ argument: 'values.x' }) }));
    expect(() => run.log({ x: 1 }, -1)).toThrow(expect.objectContaining({ code: 'InvalidArgument', data: expect.objectContaining({ argument: 'step' }) }));
    requests.length = 0;
    await expect(arca.runs.get('acme/nature')).rejects.toMatchObject({ code: 'InvalidName', data: { kind: 'run' } });
    await expect(arca.initRun({ entity: 'ac me', project: 'nature' })).rejects.toMatchObject({ code: 'InvalidName' });
    expect(requests).toEqual([]);
  });
  it('refuses a summary value JSON cannot carry instead of sending null, which removes the override', async () => {
    const arca = client();
    const run = await arca.initRun({ entity: 'acme', project: 'nature', flushIntervalMs: 60_000 });
    await run.setSummary({ best_loss: 0.5 });
    // JSON.stringify turns NaN and Infinity into null: the server would read "remove best_loss".
    await expect(run.setSummary({ best_loss: Number.NaN })).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'summary.best_loss' } });
    await expect(run.finish('failed', { eval: { acc: Number.POSITIVE_INFINITY } })).rejects.toMatchObject({
      code: 'InvalidArgument',
      data: { argument: 'summary.eval.acc' },
    });
    expect((await arca.runs.get(run.path)).summary).toEqual({ best_loss: 0.5 });
    expect(await run.finish('failed', { note: 'oom', best_loss: null })).toMatchObject({ state: 'failed', summary: { note: 'oom' } });
  });

  it('keeps info.lastStep at the highest step when a batch ends with an earlier one', async () => {
    const arca = client();
    const run = await arca.initRun({ entity: 'acme', project: 'nature', flushIntervalMs: 60_000 });
    run.log({ loss: 1 }, 100);
    run.log({ loss: 2 }, 50);
    await run.flush();
    expect((await arca.runs.get(run.path)).lastStep).toBe(100);
    expect(run.info.lastStep).toBe(100);
  });
});
