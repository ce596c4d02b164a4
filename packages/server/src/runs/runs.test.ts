import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const ID = /^[0-9a-z]{8}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('runs', () => {
  const t = useTestServer();

  async function start(extra: Record<string, unknown> = {}, project = 'acme/nature') {
    const res = await t.call('POST', `/runs/${project}`, { json: extra });
    expect(res.status).toBe(201);
    return ((await res.json()) as { run: { path: string; id: string } }).run;
  }
  const get = async (path: string) => (await (await t.call('GET', `/runs/${path}`)).json()) as { run: Record<string, unknown> };
  const post = (path: string, json: unknown) => t.call('POST', `/runs/${path}`, { json });

  describe('POST /runs/{e}/{p}', () => {
    it('starts a running run with a server-assigned id, name, job type, config and actor', async () => {
      const res = await t.call('POST', '/runs/acme/nature', {
        json: { name: 'rosy-sunset-5', jobType: 'train', config: { lr: 0.001, layers: [64, 64] } },
        key: await t.user('alice', { teams: { acme: 'member' } }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const { run } = (await res.json()) as { run: { id: string } };
      expect(run).toEqual({
        path: `acme/nature/${run.id}`,
        entity: 'acme',
        project: 'nature',
        id: expect.stringMatching(ID),
        name: 'rosy-sunset-5',
        jobType: 'train',
        state: 'running',
        config: { layers: [64, 64], lr: 0.001 },
        actor: 'alice',
        startedAt: expect.stringMatching(ISO),
        finishedAt: null,
        lastStep: null,
        summary: {},
      });
      expect((await get(`acme/nature/${run.id}`)).run).toEqual({ ...run, inputs: [], outputs: [] });
    });

    it('refuses bad input with 400 naming the field, and creates no run', async () => {
      const cases: [unknown, string, Record<string, unknown>][] = [
        [{ jobType: 'has space' }, 'InvalidArgument', { argument: 'jobType' }],
        [{ config: [1] }, 'InvalidArgument', { argument: 'config' }],
        [{ config: { big: 'x'.repeat(300 * 1024) } }, 'InvalidArgument', { argument: 'config', reason: 'larger than 256 KiB' }],
        [{ name: '' }, 'InvalidArgument', { argument: 'name' }],
        [{ name: 'a\nb' }, 'InvalidArgument', { argument: 'name' }],
        [{ nme: 'typo' }, 'InvalidArgument', { argument: 'nme', reason: 'unknown field' }],
        [[], 'InvalidArgument', { argument: 'body' }],
      ];
      for (const [json, code, data] of cases) {
        expect(await expectError(await t.call('POST', '/runs/acme/nature', { json }), 400, code)).toMatchObject(data);
      }
      expect(await expectError(await t.call('POST', '/runs/acme/nature', { body: '{"name":', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson')).toMatchObject({});
      expect(await expectError(await t.call('POST', '/runs/ac%20me/nature', { json: {} }), 400, 'InvalidName')).toEqual({
        kind: 'entity', name: 'ac me', reason: expect.any(String),
      });
      expect(await expectError(await t.call('POST', '/runs/acme/model-registry', { json: {} }), 400, 'InvalidArgument')).toMatchObject({ argument: 'project' });
      expect(await expectError(await t.call('POST', '/runs/acme/nature', { body: JSON.stringify({ config: { x: 'y'.repeat(600 * 1024) } }), headers: { 'content-type': 'application/json' } }), 413, 'PayloadTooLarge')).toEqual({ limit: 512 * 1024 });
      expect(await (await t.call('GET', '/runs/acme/nature')).json()).toEqual({ runs: [], next: null });
    });
  });

  describe('GET /runs/{e}/{p}', () => {
    it('lists newest first and pages with before', async () => {
      const a = await start({ name: 'a' });
      const b = await start({ name: 'b' });
      const c = await start({ name: 'c' });
      await start({}, 'acme/other');
      const page1 = (await (await t.call('GET', '/runs/acme/nature?limit=2')).json()) as { runs: { id: string }[]; next: string };
      expect(page1.runs.map((r) => r.id)).toEqual([c.id, b.id]);
      expect(page1.next).toBe(b.id);
      const page2 = (await (await t.call('GET', `/runs/acme/nature?limit=2&before=${page1.next}`)).json()) as { runs: { id: string }[]; next: null };
      expect(page2).toMatchObject({ next: null });
      expect(page2.runs.map((r) => r.id)).toEqual([a.id]);
      expect(await expectError(await t.call('GET', '/runs/acme/nature?limit=0'), 400, 'InvalidArgument')).toMatchObject({ argument: 'limit' });
      expect(await expectError(await t.call('GET', '/runs/acme/nature?limit=1e3'), 400, 'InvalidArgument')).toMatchObject({ argument: 'limit' });
    });

    it('answers 404 for a run id under another project, so ids do not leak', async () => {
      const run = await start();
      expect(await expectError(await t.call('GET', `/runs/acme/other/${run.id}`), 404, 'NotFound')).toEqual({ kind: 'run', name: `acme/other/${run.id}` });
      expect(await expectError(await t.call('GET', `/runs/evil/nature/${run.id}`), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'evil' });
      expect(await expectError(await t.call('GET', '/runs/acme/nature/NOTANID'), 400, 'InvalidName')).toMatchObject({ kind: 'run' });
    });
  });

  describe('metrics', () => {
    it('appends batches, assigns steps, reads series by key and step range, keeps a summary', async () => {
      const run = await start();
      const r1 = await post(`${run.path}/metrics`, { rows: [{ values: { loss: 2.5, acc: 0.1 } }, { values: { loss: 2 } }] });
      expect(r1.status).toBe(200);
      expect(await r1.json()).toEqual({ appended: 2, firstStep: 0, lastStep: 1 });
      const r2 = await post(`${run.path}/metrics`, { rows: [{ step: 5, time: 1_700_000_000_000, values: { loss: 1.5, 'train/lr': 0.01 } }] });
      expect(await r2.json()).toEqual({ appended: 1, firstStep: 5, lastStep: 5 });

      const res = await t.call('GET', `/runs/${run.path}/metrics?keys=loss,train/lr&minStep=1`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        metrics: [
          { key: 'loss', steps: [1, 5], times: [expect.any(Number), 1_700_000_000_000], values: [2, 1.5], nextStep: null },
          { key: 'train/lr', steps: [5], times: [1_700_000_000_000], values: [0.01], nextStep: null },
        ],
      });
      const limited = (await (await t.call('GET', `/runs/${run.path}/metrics?keys=loss&limit=1&maxStep=4`)).json()) as { metrics: unknown[] };
      expect(limited.metrics).toEqual([{ key: 'loss', steps: [0], times: [expect.any(Number)], values: [2.5], nextStep: 1 }]);
      expect((await get(run.path)).run).toMatchObject({ lastStep: 5, summary: { acc: 0.1, loss: 1.5, 'train/lr': 0.01 } });
    });

    it('refuses a bad row with 400 naming it, and writes no row of the batch', async () => {
      const run = await start();
      const cases: [unknown, number, string, Record<string, unknown>][] = [
        [{ rows: [{ values: { ok: 1 } }, { values: { loss: 'NaN' } }] }, 400, 'InvalidArgument', { argument: 'rows[1].values.loss', reason: 'must be a finite number' }],
        [{ rows: [{ values: { 'bad key': 1 } }] }, 400, 'InvalidArgument', { argument: 'rows[0].values' }],
        [{ rows: [{ step: '3', values: { x: 1 } }] }, 400, 'InvalidArgument', { argument: 'rows[0].step' }],
        [{ rows: [] }, 400, 'InvalidArgument', { argument: 'rows', reason: 'a non-empty array of rows' }],
        [{ rows: {} }, 400, 'InvalidArgument', { argument: 'rows', reason: 'must be an array' }],
        [{}, 400, 'InvalidArgument', { argument: 'rows', reason: 'required array is missing' }],
        [{ rows: Array.from({ length: 10_001 }, () => ({ values: { x: 1 } })) }, 400, 'InvalidArgument', { argument: 'rows', reason: 'more than 10000 rows' }],
      ];
      for (const [json, status, code, data] of cases) {
        expect(await expectError(await post(`${run.path}/metrics`, json), status, code)).toEqual(expect.objectContaining(data));
      }
      expect(await expectError(await t.call('POST', `/runs/acme/nature/zzzzzzzz/metrics`, { json: { rows: [{ values: { x: 1 } }] } }), 404, 'NotFound')).toEqual({
        kind: 'run', name: 'acme/nature/zzzzzzzz',
      });
      expect((await get(run.path)).run).toMatchObject({ lastStep: null, summary: {} });
      expect(await (await t.call('GET', `/runs/${run.path}/metrics`)).json()).toEqual({ metrics: [] });
    });

    it('refuses a row without a step once the run is at step 2^53-1 (400), instead of writing it where it is lost or overwritten', async () => {
      const run = await start();
      const max = Number.MAX_SAFE_INTEGER;
      expect(await (await post(`${run.path}/metrics`, { rows: [{ step: max, values: { loss: 1 } }] })).json()).toEqual({ appended: 1, firstStep: max, lastStep: max });
      // The next step would be 2^53, which is past every step a read may ask for, and 2^53 + 1 is 2^53 again.
      expect(await expectError(await post(`${run.path}/metrics`, { rows: [{ values: { loss: 2 } }] }), 400, 'InvalidArgument')).toEqual({
        argument: 'rows[0].step',
        reason: 'the run is at step 2^53-1: there is no next step',
      });
      expect(await expectError(await post(`${run.path}/metrics`, { rows: [{ step: 3, values: { acc: 1 } }, { values: { loss: 3 } }] }), 400, 'InvalidArgument')).toMatchObject({
        argument: 'rows[1].step',
      });
      // All or nothing: the first row of the refused batch is not written either.
      expect(await (await t.call('GET', `/runs/${run.path}/metrics`)).json()).toEqual({
        metrics: [{ key: 'loss', steps: [max], times: [expect.any(Number)], values: [1], nextStep: null }],
      });
    });

    it('keeps every row of concurrent appends, with contiguous unique steps', async () => {
      const run = await start();
      const clients = 8;
      const batches = 10;
      const rows = 100;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let b = 0; b < batches; b++) {
            const res = await post(`${run.path}/metrics`, { rows: Array.from({ length: rows }, (_, i) => ({ values: { client: c, seq: b * rows + i } })) });
            expect(res.status).toBe(200);
          }
        }),
      );
      const total = clients * batches * rows;
      const body = (await (await t.call('GET', `/runs/${run.path}/metrics?keys=client,seq&limit=100000`)).json()) as {
        metrics: { key: string; steps: number[]; values: number[] }[];
      };
      const [client, seq] = body.metrics;
      expect(client!.steps).toEqual(Array.from({ length: total }, (_, i) => i));
      // Each request's rows land on consecutive steps, in order (one transaction per request).
      for (let i = 0; i < total; i += rows) {
        expect(new Set(client!.values.slice(i, i + rows)).size).toBe(1);
        const first = seq!.values[i]!;
        expect(seq!.values.slice(i, i + rows)).toEqual(Array.from({ length: rows }, (_, k) => first + k));
      }
      for (let c = 0; c < clients; c++) expect(client!.values.filter((v) => v === c).length).toBe(batches * rows);
      expect((await get(run.path)).run.lastStep).toBe(total - 1);
    });
  });

  describe('finish and summary', () => {
    it('finishes with a state and summary overrides; refuses later metrics with 409', async () => {
      const run = await start();
      await post(`${run.path}/metrics`, { rows: [{ values: { acc: 0.8 } }] });
      const res = await post(`${run.path}/finish`, { state: 'failed', summary: { best_acc: 0.9, note: 'oom at epoch 3' } });
      expect(res.status).toBe(200);
      const { run: done } = (await res.json()) as { run: Record<string, unknown> };
      expect(done).toMatchObject({ state: 'failed', finishedAt: expect.stringMatching(ISO), summary: { acc: 0.8, best_acc: 0.9, note: 'oom at epoch 3' } });
      expect(await expectError(await post(`${run.path}/metrics`, { rows: [{ values: { acc: 1 } }] }), 409, 'RunNotRunning')).toEqual({
        run: run.path,
        state: 'failed',
      });
      // The same finish again is answered, unchanged: a client that lost the answer may retry.
      expect((await (await post(`${run.path}/finish`, { state: 'failed' })).json()) as unknown).toEqual({ run: done });
      expect(await expectError(await post(`${run.path}/finish`, {}), 409, 'RunNotRunning')).toEqual({ run: run.path, state: 'failed' });
      expect(await expectError(await post(`${run.path}/finish`, { state: 'done' }), 400, 'InvalidArgument')).toMatchObject({ argument: 'state' });
    });

    it('overrides summary values with PATCH; null brings back the last logged value', async () => {
      const run = await start();
      await post(`${run.path}/metrics`, { rows: [{ values: { acc: 0.5 } }, { values: { acc: 0.7 } }] });
      const patch = (json: unknown) => t.call('PATCH', `/runs/${run.path}/summary`, { json });
      expect(((await (await patch({ summary: { acc: 0.9, tag: 'best' } })).json()) as { run: { summary: unknown } }).run.summary).toEqual({ acc: 0.9, tag: 'best' });
      expect(((await (await patch({ summary: { acc: null } })).json()) as { run: { summary: unknown } }).run.summary).toEqual({ acc: 0.7, tag: 'best' });
      expect(await expectError(await patch({ summary: { 'no spaces': 1 } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'summary' });
      expect(await expectError(await patch({}), 400, 'InvalidArgument')).toMatchObject({ argument: 'summary', reason: 'required object is missing' });
      expect((await get(run.path)).run.summary).toEqual({ acc: 0.7, tag: 'best' });
    });
  });

  describe('inputs and outputs', () => {
    it('records a used version (201, then 200) and a version logged with the run as output with producer', async () => {
      const ds = (await (await t.commit('acme/nature/raw', { 'a.png': 'pixels' })).json()) as { version: { digest: string } };
      const run = await start({ jobType: 'train' });
      const used = await post(`${run.path}/inputs`, { ref: 'acme/nature/raw:latest' });
      expect(used.status).toBe(201);
      expect(await used.json()).toMatchObject({ created: true, version: { collection: 'acme/nature/raw', version: 'v0', digest: ds.version.digest } });
      expect((await post(`${run.path}/inputs`, { ref: 'acme/nature/raw:v0' })).status).toBe(200);

      const logged = await t.commit('acme/nature/clf', { 'model.onnx': 'weights' }, { type: 'model', run: run.path });
      expect(logged.status).toBe(201);
      const model = (await logged.json()) as { version: { digest: string; producer: string } };
      expect(model.version.producer).toBe(run.path);
      const plain = (await (await t.commit('acme/nature/clf', { 'model.onnx': 'weights 2' }, { type: 'model' })).json()) as { version: { producer: null } };
      expect(plain.version.producer).toBeNull();

      const detail = (await get(run.path)).run as { inputs: unknown[]; outputs: unknown[] };
      expect(detail.inputs).toEqual([{ collection: 'acme/nature/raw', kind: 'artifact', type: 'dataset', version: 'v0', digest: ds.version.digest, time: expect.stringMatching(ISO) }]);
      expect(detail.outputs).toEqual([
        { collection: 'acme/nature/clf', kind: 'artifact', type: 'model', version: 'v0', digest: model.version.digest, time: expect.stringMatching(ISO), produced: true },
      ]);
    });

    it('refuses inputs and outputs of an ended run, of another team, or unknown refs, writing nothing', async () => {
      await t.commit('acme/nature/raw', { 'a.png': 'pixels' });
      await t.commit('other/nature/raw', { 'a.png': 'pixels' });
      const run = await start();
      expect(await expectError(await post(`${run.path}/inputs`, { ref: 'other/nature/raw:v0' }), 400, 'InvalidArgument')).toMatchObject({ argument: 'ref' });
      expect(await expectError(await post(`${run.path}/inputs`, { ref: 'acme/nature/raw:v9' }), 404, 'NotFound')).toEqual({ kind: 'version', name: 'acme/nature/raw:v9' });
      expect(await expectError(await post(`${run.path}/inputs`, { ref: 'acme/nature' }), 400, 'InvalidName')).toMatchObject({ kind: 'collection' });
      expect(await expectError(await t.commit('other/nature/m', { m: 'w' }, { type: 'model', run: run.path }), 400, 'InvalidArgument')).toMatchObject({ argument: 'run' });
      expect(await expectError(await t.commit('acme/nature/m', { m: 'w' }, { type: 'model', run: 'acme/nature/zzzzzzzz' }), 404, 'NotFound')).toMatchObject({ kind: 'run' });
      expect(await expectError(await t.commit('acme/nature/m', { m: 'w' }, { type: 'model', run: 42 }), 400, 'InvalidArgument')).toMatchObject({ argument: 'run' });
      await post(`${run.path}/finish`, {});
      expect(await expectError(await post(`${run.path}/inputs`, { ref: 'acme/nature/raw:v0' }), 409, 'RunNotRunning')).toMatchObject({ state: 'finished' });
      expect(await expectError(await t.commit('acme/nature/m', { m: 'w' }, { type: 'model', run: run.path }), 409, 'RunNotRunning')).toMatchObject({ state: 'finished' });
      expect((await get(run.path)).run).toMatchObject({ inputs: [], outputs: [] });
      expect((await t.call('GET', '/collections/acme/nature/m')).status).toBe(404);
      expect((await t.call('GET', '/collections/other/nature/m')).status).toBe(404);
    });
  });
});
