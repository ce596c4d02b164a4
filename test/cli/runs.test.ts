// Runs and lineage through the built `arca` binary, as a shell training script uses them.
// Each test spawns 20-odd processes; on a loaded 2-core machine that takes more than the default 30 s.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../packages/test-utils/dist/index.js';
import { describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, errorOf, useArca, writeTree } from './harness.js';

const setup = useArca();

describe('arca run / log --run / pull --run / lineage', () => {
  it('dataset -> train run -> model -> registry link -> eval run, then the lineage graph', async () => {
    const { root, arca, env } = await setup('alice');
    writeTree(root, { 'raw/a.png': 'pixels', 'out/model.onnx': 'weights' });
    writeFileSync(join(root, 'config.json'), JSON.stringify({ lr: 0.01, layers: [64, 64] }));
    expect((await arca('log', 'acme/nature/raw', 'raw', '--type', 'dataset')).code).toBe(0);

    const init = await arca('run', 'init', 'acme/nature', '--job-type', 'train', '--name', 'first try', '--config-file', 'config.json', '--config', 'epochs=3');
    expect(init.code).toBe(0);
    const train = init.json().run;
    expect(train).toMatchObject({ entity: 'acme', project: 'nature', name: 'first try', jobType: 'train', state: 'running', actor: 'alice', config: { lr: 0.01, layers: [64, 64], epochs: 3 } });
    expect(train.path).toBe(`acme/nature/${train.id}`);

    // Without --json, init prints only the path, for RUN=$(arca run init ...).
    const plain = await runCli(['run', 'init', 'acme/nature'], { env: { ...env }, cwd: root, timeoutMs: CLI_TIMEOUT_MS });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^acme\/nature\/[0-9a-z]{8}\n$/);

    const pull = await arca('pull', 'acme/nature/raw:latest', 'data', '--run', train.id);
    expect(pull.code).toBe(0);
    expect(pull.json().version.version).toBe('v0');
    expect((await arca('run', 'log', train.path, 'loss=0.5', 'acc=0.7')).json()).toEqual({ appended: 1, firstStep: 0, lastStep: 0 });
    expect((await arca('run', 'log', train.path, 'loss=0.25', '--step', '10')).json()).toEqual({ appended: 1, firstStep: 10, lastStep: 10 });
    const logged = await arca('log', 'acme/nature/clf', 'out/model.onnx', '--type', 'model', '--alias', 'best', '--run', train.path);
    expect(logged.code).toBe(0);
    expect(logged.json().version.producer).toBe(train.path);
    const fin = await arca('run', 'finish', train.path, '--summary', 'best_acc=0.9');
    expect(fin.json().run).toMatchObject({ state: 'finished', lastStep: 10, summary: { loss: 0.25, acc: 0.7, best_acc: 0.9 } });

    expect((await arca('link', 'acme/nature/clf:best', 'acme/model-registry/Nature Classifier', '--alias', 'staging')).code).toBe(0);
    const evalRun = (await arca('run', 'init', 'acme/nature', '--job-type', 'eval')).json().run;
    expect((await arca('pull', 'acme/model-registry/Nature Classifier:staging', 'model', '--run', evalRun.path)).code).toBe(0);
    await arca('run', 'finish', evalRun.path, '--state', 'failed');

    const show = (await arca('run', 'show', train.path)).json().run;
    expect(show.inputs.map((i: { collection: string; version: string }) => `${i.collection}:${i.version}`)).toEqual(['acme/nature/raw:v0']);
    expect(show.outputs.map((o: { collection: string; produced: boolean }) => [o.collection, o.produced])).toEqual([['acme/nature/clf', true]]);

    const list = (await arca('run', 'list', 'acme/nature')).json();
    expect(list.runs.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([
      [evalRun.id, 'failed'],
      [expect.any(String), 'running'],
      [train.id, 'finished'],
    ]);

    const lineage = await arca('lineage', 'acme/model-registry/Nature Classifier:staging', '--depth', '5');
    expect(lineage.code).toBe(0);
    const g = lineage.json();
    const reg = 'version:acme/model-registry/Nature Classifier:v0';
    expect(g.root).toBe(reg);
    expect(g.nodes.map((n: { id: string }) => n.id)).toEqual([reg, 'version:acme/nature/clf:v0', `run:${evalRun.path}`, `run:${train.path}`, 'version:acme/nature/raw:v0']);
    expect(g.edges).toEqual([
      { from: 'version:acme/nature/clf:v0', to: reg, kind: 'link' },
      { from: reg, to: `run:${evalRun.path}`, kind: 'input' },
      { from: `run:${train.path}`, to: 'version:acme/nature/clf:v0', kind: 'output' },
      { from: 'version:acme/nature/raw:v0', to: `run:${train.path}`, kind: 'input' },
    ]);
    const up = (await arca('lineage', '--run', evalRun.path, '--direction', 'up', '--depth', '1')).json();
    expect(up.nodes.map((n: { id: string }) => n.id)).toEqual([`run:${evalRun.path}`, reg, 'version:acme/nature/clf:v0']);
  }, 180_000);

  it('bad usage exits 2, refused input exits 1 with the error code, and nothing is written', async () => {
    const { root, arca } = await setup();
    writeTree(root, { 'f.txt': 'x' });
    const run = (await arca('run', 'init', 'acme/nature')).json().run;
    const usage: string[][] = [
      ['run', 'init'],
      ['run', 'log', run.path],
      ['run', 'log', run.id, 'x=1'],
      ['lineage'],
      ['lineage', 'acme/nature/f', '--run', run.path],
      ['run', 'init', 'acme/nature', '--bogus'],
      ['run', 'log', run.path, 'x=1', '--step', '-1'],
    ];
    for (const args of usage) expect((await arca(...args)).code, args.join(' ')).toBe(2);
    const refused: [string[], string][] = [
      [['run', 'log', run.path, 'loss=high'], 'InvalidArgument'],
      [['run', 'log', run.path, 'bad key=1'], 'InvalidArgument'],
      [['run', 'log', run.path, 'x=1', '--step=-1'], 'InvalidArgument'],
      [['run', 'finish', run.path, '--state', 'done'], 'InvalidArgument'],
      [['run', 'show', 'acme/other/' + run.id], 'NotFound'],
      [['run', 'init', 'acme'], 'InvalidName'],
      [['run', 'init', 'acme/nature', '--job-type', 'a b'], 'InvalidArgument'],
      [['log', 'acme/nature/f', 'f.txt', '--type', 't', '--run', 'zzzzzzzz'], 'NotFound'],
      [['log', 'acme/nature/f', 'f.txt', '--type', 't', '--run', 'NOPE'], 'InvalidName'],
      [['lineage', 'acme/nature/none'], 'NotFound'],
      [['lineage', 'acme/nature/none', '--direction', 'sideways'], 'InvalidArgument'],
    ];
    for (const [args, code] of refused) {
      const r = await arca(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(errorOf(r).code, args.join(' ')).toBe(code);
    }
    const shown = (await arca('run', 'show', run.path)).json().run;
    expect(shown).toMatchObject({ state: 'running', lastStep: null, summary: {}, inputs: [], outputs: [] });
    expect((await arca('ls', 'acme/nature')).json().collections).toEqual([]);
    await arca('run', 'finish', run.path);
    const late = await arca('run', 'log', run.path, 'x=1');
    expect(late.code).toBe(1);
    expect(errorOf(late)).toMatchObject({ code: 'RunNotRunning', data: { run: run.path, state: 'finished' } });
  }, 180_000);
});

describe('arca log --from --run', () => {
  it('a draft logged with --run records the run as its producer, as a plain log does', async () => {
    const { root, arca } = await setup('alice');
    writeTree(root, { 'v0/model.onnx': 'weights', 'head.onnx': 'head' });
    expect((await arca('log', 'acme/nature/clf', 'v0', '--type', 'model')).code).toBe(0);
    const run = (await arca('run', 'init', 'acme/nature', '--job-type', 'finetune')).json().run;

    const r = await arca('log', 'acme/nature/clf', '--from', 'acme/nature/clf:latest', '--add', 'head.onnx', '--run', run.path);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().version).toMatchObject({ version: 'v1', producer: run.path });
    const up = (await arca('lineage', 'acme/nature/clf:v1', '--direction', 'up', '--depth', '1')).json();
    expect(JSON.stringify(up)).toContain(run.path);

    // A bad run is refused before anything is logged.
    const bad = await arca('log', 'acme/nature/clf', '--from', 'acme/nature/clf:latest', '--add', 'head.onnx=other.onnx', '--run', 'zzzzzzzz');
    expect([bad.code, errorOf(bad).code]).toEqual([1, 'NotFound']);
    expect((await arca('ls', 'acme/nature/clf')).json().versions).toHaveLength(2);
  }, 120_000);
});
