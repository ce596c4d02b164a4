import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { ArcaError } from '@arca/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { seedTestTeams } from '../testing/seedTestTeams.js';

// A real server on loopback over a temp data dir; the SDK as a user calls it.
let server: { url: string; close(): Promise<void> };
let work: string;
let arca: ArcaClient;
let requests = 0;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'arca-registry-client-'));
  server = await startServer({ dataDir: join(work, 'server'), host: '127.0.0.1', port: 0, adminKey: TEST_ADMIN_KEY });
  await seedTestTeams(server.url);
  requests = 0;
  const counting: typeof fetch = (input, init) => {
    requests++;
    return fetch(input, init);
  };
  arca = new ArcaClient({ url: server.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(work, 'cache'), fetch: counting });
});

afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<{ code: string; data: Record<string, unknown> }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArcaError);
  return err as ArcaError;
}

async function logModel(i: number): Promise<void> {
  const file = join(work, `model${i}.onnx`);
  writeFileSync(file, `weights ${i}`);
  await arca.logArtifact({ name: 'acme/vision/model', type: 'model', paths: [file] });
}

describe('RegistryClient', () => {
  it('creates, edits, lists, tags, links, unlinks and deletes through the SDK, with typed errors', async () => {
    const m = await arca.registry.createModel('acme/model-registry/Nature Classifier', { description: '# Card', tags: ['vision'], metadata: { team: 'cv' } });
    expect(m).toMatchObject({ model: 'acme/model-registry/Nature Classifier', description: '# Card', tags: ['vision'], metadata: { team: 'cv' } });
    expect((await codeOf(arca.registry.createModel('acme/model-registry/Nature Classifier'))).code).toBe('AlreadyExists');

    await logModel(0);
    await logModel(1);
    await arca.linkArtifact('acme/vision/model:v0', 'acme/model-registry/Nature Classifier', { aliases: ['production'] });
    await arca.linkArtifact('acme/vision/model:v1', 'acme/model-registry/Nature Classifier');
    const { model, versions } = await arca.registry.model('acme/model-registry/Nature Classifier');
    expect(model.aliases).toEqual({ latest: 'v1', production: 'v0' });
    expect(versions.map((v) => [v.version, v.source?.version, v.metrics])).toEqual([['v0', 'v0', null], ['v1', 'v1', null]]);

    expect((await arca.registry.updateModel('acme/model-registry/Nature Classifier', { description: '# Card v2' })).model.description).toBe('# Card v2');
    expect((await arca.registry.listModels('acme', { search: 'nature', tag: 'vision', alias: 'production' })).map((x) => x.name)).toEqual(['Nature Classifier']);
    expect(await arca.registry.listModels('acme', { tag: 'nlp' })).toEqual([]);

    // A bare name tags the collection, a ref with a selector tags that version.
    expect((await arca.registry.addTags('acme/vision/model', ['cnn'])).tags).toEqual(['cnn']);
    expect((await arca.registry.addTags('acme/vision/model:v1', ['approved'])).tags).toEqual(['approved']);
    expect(await arca.registry.findTagged('acme', 'approved')).toEqual({
      collections: [],
      versions: [{ collection: 'acme/vision/model', version: 'v1', digest: expect.stringMatching(/^b3:/) }],
    });
    expect((await arca.registry.removeTag('acme/vision/model', 'cnn')).tags).toEqual([]);
    expect((await codeOf(arca.registry.removeTag('acme/vision/model', 'cnn'))).code).toBe('NotFound');

    const inUse = await codeOf(arca.registry.deleteVersion('acme/vision/model:v0'));
    expect(inUse.code).toBe('InUse');
    expect(inUse.data.pointers).toEqual([{ kind: 'link', registry: 'acme/model-registry/Nature Classifier', version: 'v0', target: 'acme/vision/model:v0' }]);
    expect((await codeOf(arca.registry.unlink('acme/model-registry/Nature Classifier:production'))).code).toBe('InUse');
    const unlinked = await arca.registry.unlink('acme/model-registry/Nature Classifier:v1', { reason: 'worse' });
    expect(unlinked).toMatchObject({ deleted: { version: 'v1' }, latest: 'v0' });

    const kinds = (await arca.registry.history('acme/model-registry/Nature Classifier')).map((e) => e.kind);
    expect(kinds).toEqual(['created', 'linked', 'alias-added', 'alias-added', 'linked', 'alias-moved', 'card-edited', 'alias-moved', 'unlinked']);

    await arca.removeAlias('acme/model-registry/Nature Classifier', 'production');
    expect(await arca.registry.deleteCollection('acme/model-registry/Nature Classifier')).toEqual({
      deleted: { collection: 'acme/model-registry/Nature Classifier', versions: 1 },
    });
    expect((await codeOf(arca.registry.model('acme/model-registry/Nature Classifier'))).code).toBe('NotFound');
  });

  it('refuses bad names, tags and refs before sending anything', async () => {
    const cases: [Promise<unknown>, string][] = [
      [arca.registry.createModel('acme/vision/Not A Model'), 'InvalidArgument'],
      [arca.registry.createModel('acme/model-registry/Bad!'), 'InvalidName'],
      [arca.registry.createModel('acme/model-registry/X', { tags: ['bad tag'] }), 'InvalidName'],
      [arca.registry.listModels('ac me'), 'InvalidName'],
      [arca.registry.addTags('acme/vision/model', ['-x']), 'InvalidName'],
      [arca.registry.removeTag('acme/vision/model:v0', 'a b'), 'InvalidName'],
      [arca.registry.deleteVersion('acme/vision/model'), 'InvalidArgument'],
      [arca.registry.unlink('acme/vision/model:v0'), 'InvalidArgument'],
      [arca.registry.unlink('acme/model-registry/X'), 'InvalidArgument'],
      [arca.registry.updateModel('acme/model-registry/X', { protectedAliases: ['latest'] }), 'InvalidName'],
    ];
    for (const [p, code] of cases) expect((await codeOf(p)).code).toBe(code);
    expect(requests).toBe(0);
  });
});
