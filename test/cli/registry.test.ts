// The registry commands end to end: the built `arca` binary as a child process
// against a real server, `--json` unless the test reads the text for people.
// About forty processes per test: each starts Node, so the timeouts are long.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCA_BIN, runCli } from '../../packages/test-utils/dist/index.js';
import { errorOf, useArca, writeTree, type Env } from './harness.js';

const setup = useArca();
const MODEL = 'acme/model-registry/Nature Classifier';

/** `arca ...args --json` with `input` piped on stdin (runCli leaves stdin closed). */
function arcaStdin(env: Env, cwd: string, input: string | Buffer, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [ARCA_BIN, ...args, '--json'], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('arca model / tag / delete', () => {
  it('creates a model with a card, links into it, edits, tags, searches, unlinks and deletes, refusing what is still in use', async () => {
    const { root, env, arca } = await setup('alice');
    writeTree(root, { 'm0/model.onnx': 'weights 0', 'm1/model.onnx': 'weights 1', 'card.md': '# Nature Classifier\n\nTen classes.\n' });
    expect((await arca('log', 'acme/nature/clf', 'm0/model.onnx', '--type', 'model')).code).toBe(0);
    expect((await arca('log', 'acme/nature/clf', 'm1/model.onnx', '--type', 'model')).code).toBe(0);

    const created = await arca('model', 'create', MODEL, '--card', 'card.md', '--tag', 'vision', '--metadata', 'owner=cv', '--reason', 'kick-off');
    expect(created.code).toBe(0);
    expect(created.json().model).toMatchObject({ model: MODEL, type: 'model', description: '# Nature Classifier\n\nTen classes.\n', tags: ['vision'], metadata: { owner: 'cv' } });
    const again = await arca('model', 'create', MODEL);
    expect(again.code).toBe(1);
    expect(errorOf(again)).toMatchObject({ code: 'AlreadyExists', data: { kind: 'model', name: MODEL } });

    expect((await arca('link', 'acme/nature/clf:v0', MODEL, '--alias', 'production')).code).toBe(0);
    expect((await arca('link', 'acme/nature/clf:v1', MODEL, '--alias', 'staging')).code).toBe(0);

    const show = await arca('model', 'show', MODEL);
    expect(show.code).toBe(0);
    expect(show.json().model.aliases).toEqual({ latest: 'v1', production: 'v0', staging: 'v1' });
    expect(show.json().versions.map((v: { version: string; source: { collection: string; version: string }; metrics: null }) => [v.version, `${v.source.collection}:${v.source.version}`, v.metrics])).toEqual([
      ['v0', 'acme/nature/clf:v0', null],
      ['v1', 'acme/nature/clf:v1', null],
    ]);
    // `arca show` of a registry ref brings the model's card, tags, metadata and aliases.
    const showRef = await arca('show', `${MODEL}:production`);
    expect(showRef.json().version).toMatchObject({ version: 'v0', kind: 'registry' });
    expect(showRef.json().model).toMatchObject({ description: '# Nature Classifier\n\nTen classes.\n', tags: ['vision'], metadata: { owner: 'cv' } });
    const text = await runCli(['show', `${MODEL}:production`], { env: { ...env }, cwd: root });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('registered model');
    expect(text.stdout).toContain('    # Nature Classifier');
    expect(text.stdout).toMatch(/tags +vision/);
    expect(text.stdout).toMatch(/aliases +latest=v1 production=v0 staging=v1/);

    // The card from stdin.
    const edit = await arcaStdin(env, root, '# Nature Classifier\n\nNow eleven classes.\n', 'model', 'edit-card', MODEL, '-', '--reason', 'new class');
    expect(edit.code).toBe(0);
    expect(JSON.parse(edit.stdout).model.description).toBe('# Nature Classifier\n\nNow eleven classes.\n');
    expect(JSON.parse(edit.stdout).changed).toEqual(['card']);
    // The same card again writes nothing, and says so.
    const sameCard = await arcaStdin(env, root, '# Nature Classifier\n\nNow eleven classes.\n', 'model', 'edit-card', MODEL, '-');
    expect(JSON.parse(sameCard.stdout).changed).toEqual([]);
    expect((await arca('model', 'history', MODEL)).json().entries.filter((e: { kind: string }) => e.kind === 'card-edited')).toHaveLength(1);

    expect((await arca('model', 'tag', MODEL, 'cnn', 'approved')).json().tags).toEqual(['approved', 'cnn', 'vision']);
    expect((await arca('model', 'untag', MODEL, 'approved')).json().tags).toEqual(['cnn', 'vision']);
    expect((await arca('tag', 'add', 'acme/nature/clf:v1', 'candidate')).json().tags).toEqual(['candidate']);
    expect((await arca('tag', 'add', 'acme/nature/clf', 'onnx')).json().tags).toEqual(['onnx']);
    expect((await arca('show', 'acme/nature/clf:v1')).json().version.tags).toEqual(['candidate']);
    const rm = await arca('tag', 'rm', 'acme/nature/clf', 'nope');
    expect(rm.code).toBe(1);
    expect(errorOf(rm).code).toBe('NotFound');

    expect((await arca('model', 'list', 'acme', '--search', 'nature')).json().models.map((m: { name: string }) => m.name)).toEqual(['Nature Classifier']);
    expect((await arca('model', 'list', 'acme', '--tag', 'cnn', '--alias', 'production')).json().models).toHaveLength(1);
    expect((await arca('model', 'list', 'acme', '--tag', 'nlp')).json().models).toEqual([]);

    // Still in use: a registry link holds the artifact version, a protected alias the registry version.
    const linked = await arca('delete', 'acme/nature/clf:v0');
    expect(linked.code).toBe(1);
    expect(errorOf(linked)).toEqual({
      code: 'InUse',
      message: expect.any(String),
      data: { name: 'acme/nature/clf:v0', pointers: [{ kind: 'link', registry: MODEL, version: 'v0', target: 'acme/nature/clf:v0' }] },
    });
    const prod = await arca('model', 'unlink', `${MODEL}:production`);
    expect(prod.code).toBe(1);
    expect(errorOf(prod).data.pointers).toEqual([{ kind: 'alias', collection: MODEL, alias: 'production', target: `${MODEL}:v0` }]);

    const unlink = await arca('model', 'unlink', `${MODEL}:v1`, '--reason', 'regressed');
    expect(unlink.code).toBe(0);
    expect(unlink.json()).toMatchObject({ deleted: { collection: MODEL, version: 'v1' }, aliasesRemoved: ['staging'], latest: 'v0' });
    expect((await arca('delete', 'acme/nature/clf:v1', '--reason', 'unused')).json()).toMatchObject({ deleted: { version: 'v1' }, latest: 'v0' });

    const history = await arca('model', 'history', MODEL);
    expect(history.json().entries.map((e: { kind: string; actor: string }) => e.kind)).toEqual([
      'created', 'linked', 'alias-added', 'alias-added', 'linked', 'alias-moved', 'alias-added',
      'card-edited', 'tag-added', 'tag-added', 'tag-removed', 'alias-moved', 'alias-removed', 'unlinked',
    ]);
    const historyText = await runCli(['model', 'history', MODEL], { env: { ...env }, cwd: root });
    expect(historyText.stdout).toMatch(/card-edited .* alice +new class/);
    expect(historyText.stdout).toMatch(/unlinked +v1 \(acme\/nature\/clf:v1\) +alice +regressed/);

    // Deleting a whole collection needs --collection, and waits for its protected alias to go.
    const bare = await arca('delete', 'acme/nature/clf');
    expect(bare.code).toBe(2);
    const held = await arca('model', 'delete', MODEL);
    expect(held.code).toBe(1);
    expect(errorOf(held).code).toBe('InUse');
    expect((await arca('alias', 'rm', MODEL, 'production')).code).toBe(0);
    expect((await arca('model', 'delete', MODEL)).json()).toEqual({ deleted: { collection: MODEL, versions: 1 } });
    expect((await arca('delete', 'acme/nature/clf', '--collection')).json()).toEqual({ deleted: { collection: 'acme/nature/clf', versions: 1 } });
    expect((await arca('model', 'list', 'acme')).json().models).toEqual([]);
    expect((await arca('fsck', '--data', join(root, 'server-data'))).code).toBe(0);
  }, 240_000);

  it('edit-card: --metadata-file alone keeps the card; a card that is not UTF-8 is refused, not mangled', async () => {
    const { root, env, arca } = await setup('alice');
    writeTree(root, { 'card.md': '# Nature Classifier\n\nTen classes.\n', 'meta.json': '{"owner": "cv"}' });
    expect((await arca('model', 'create', MODEL, '--card', 'card.md')).code).toBe(0);

    // Only the metadata, from a script (stdin is not a terminal): the card stays.
    const meta = await arca('model', 'edit-card', MODEL, '--metadata-file', 'meta.json');
    expect(meta.code).toBe(0);
    expect(meta.json().changed).toEqual(['metadata']);
    expect((await arca('model', 'show', MODEL)).json().model).toMatchObject({ description: '# Nature Classifier\n\nTen classes.\n', metadata: { owner: 'cv' } });

    // Latin-1 bytes (0xe9 for "é") would turn into U+FFFD if decoded leniently.
    writeFileSync(join(root, 'latin1.md'), Buffer.from('# Caf\xe9 classifier\n', 'latin1'));
    for (const args of [['model', 'edit-card', MODEL, 'latin1.md'], ['model', 'create', 'acme/model-registry/Other', '--card', 'latin1.md']]) {
      const r = await arca(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(errorOf(r)).toMatchObject({ code: 'InvalidArgument', data: { argument: 'card' } });
      expect(errorOf(r).message).toContain('UTF-8');
    }
    const piped = await arcaStdin(env, root, Buffer.from('# Caf\xe9\n', 'latin1'), 'model', 'edit-card', MODEL, '-');
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain('UTF-8');
    // A UTF-8 byte-order mark (Windows editors) is not part of the text: the heading stays a heading.
    const bom = await arcaStdin(env, root, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Café classifier\n')]), 'model', 'edit-card', MODEL, '-');
    expect(bom.code).toBe(0);
    expect(JSON.parse(bom.stdout).model.description).toBe('# Café classifier\n');
    expect((await arca('model', 'history', MODEL)).json().entries.filter((e: { kind: string }) => e.kind === 'card-edited')).toHaveLength(1);
    expect((await arca('model', 'list', 'acme')).json().models.map((m: { name: string }) => m.name)).toEqual(['Nature Classifier']);
  }, 120_000);

  it('untag: a tag the model does not carry removes none of the others', async () => {
    const { arca } = await setup('alice');
    expect((await arca('model', 'create', MODEL, '--tag', 'vision', '--tag', 'cnn')).code).toBe(0);
    const r = await arca('model', 'untag', MODEL, 'cnn', 'nope');
    expect(r.code).toBe(1);
    expect(errorOf(r)).toMatchObject({ code: 'NotFound', data: { kind: 'tag', name: `${MODEL} nope` } });
    expect((await arca('model', 'show', MODEL)).json().model.tags).toEqual(['cnn', 'vision']);
    expect((await arca('model', 'history', MODEL)).json().entries.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    // The same tag twice is removed once.
    expect((await arca('model', 'untag', MODEL, 'cnn', 'cnn')).json()).toEqual({ tags: ['vision'], added: [], removed: ['cnn'] });
  }, 120_000);

  it('refuses bad input with a clear error and writes nothing', async () => {
    const { root, arca } = await setup();
    writeFileSync(join(root, 'big.md'), 'x'.repeat(300 * 1024));
    const cases: [string[], number, string][] = [
      [['model', 'create', 'acme/model-registry/Bad!'], 1, 'InvalidName'],
      [['model', 'create', 'acme/vision/Not a model'], 1, 'InvalidArgument'],
      [['model', 'create', 'acme/model-registry/X', '--card', 'big.md'], 1, 'InvalidArgument'],
      [['model', 'create', 'acme/model-registry/X', '--card', 'missing.md'], 1, 'InvalidArgument'],
      [['model', 'create', 'acme/model-registry/X', '--tag', 'no spaces'], 1, 'InvalidName'],
      [['model', 'show', 'acme/model-registry/Nope'], 1, 'NotFound'],
      [['model', 'history', 'acme/model-registry/Nope'], 1, 'NotFound'],
      [['model', 'unlink', 'acme/model-registry/Nope:v0'], 1, 'NotFound'],
      [['model', 'tag', 'acme/model-registry/Nope', 'x'], 1, 'NotFound'],
      [['tag', 'add', 'acme/p/n:v0', 'a..b!'], 1, 'InvalidName'],
      [['delete', 'acme/p/n:v0'], 1, 'NotFound'],
      [['model', 'create'], 2, 'Usage'],
      [['model', 'tag', 'acme/model-registry/X'], 2, 'Usage'],
      [['model', 'create', 'acme/model-registry/X', '--bogus'], 2, 'Usage'],
    ];
    for (const [args, code, errorCode] of cases) {
      const r = await arca(...args);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect({ args, error: errorOf(r).code }).toEqual({ args, error: errorCode });
    }
    expect((await arca('model', 'list', 'acme')).json()).toEqual({ models: [] });
  }, 240_000);
});
