import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { buildTree } from '../objects/buildTree.js';
import { createRegisteredModel } from '../registry/createRegisteredModel.js';
import { errorOf } from '../testing/errorOf.js';
import { rejectionOf } from '../testing/rejectionOf.js';
import { useTempStore } from '../testing/useTempStore.js';
import { commitVersion } from './commitVersion.js';
import { linkVersion } from './linkVersion.js';
import { listCollections } from './listCollections.js';

const t = useTempStore('arca-case-twins-');

async function storedTree(text: string): Promise<string> {
  const bytes = Buffer.from(text);
  await t.store.objects.put(hashBytes(bytes), bytes);
  const tree = buildTree([{ path: 'f.bin', size: bytes.length, digest: hashBytes(bytes) }]);
  await t.store.objects.put(tree.digest, tree.bytes);
  return tree.digest;
}

describe('names that differ only in case', () => {
  it('a log, a link or a create into a case twin is AlreadyExists naming the existing spelling, and writes nothing', async () => {
    const tree = await storedTree('weights');
    await commitVersion(t.store, { collection: { entity: 'acme', project: 'p', name: 'MNIST' }, type: 'dataset', tree, actor: 'alice' });
    const log = await rejectionOf(commitVersion(t.store, { collection: { entity: 'acme', project: 'p', name: 'mnist' }, type: 'dataset', tree, actor: 'alice' }));
    expect([log.code, log.data]).toEqual(['AlreadyExists', { kind: 'collection', name: 'acme/p/MNIST', requested: 'acme/p/mnist' }]);

    createRegisteredModel(t.store, { model: { entity: 'acme', project: 'model-registry', name: 'Nature Classifier' }, actor: 'alice' });
    const create = errorOf(() => createRegisteredModel(t.store, { model: { entity: 'acme', project: 'model-registry', name: 'nature classifier' }, actor: 'alice' }));
    expect(create.data).toEqual({ kind: 'model', name: 'acme/model-registry/Nature Classifier', requested: 'acme/model-registry/nature classifier' });
    await commitVersion(t.store, { collection: { entity: 'acme', project: 'p', name: 'clf' }, type: 'model', tree, actor: 'alice' });
    const link = await rejectionOf(
      linkVersion(t.store, { source: { entity: 'acme', project: 'p', name: 'clf', selector: { kind: 'number', number: 0 } }, registry: { entity: 'acme', project: 'model-registry', name: 'NATURE CLASSIFIER' }, actor: 'bob' }),
    );
    expect(link.data).toMatchObject({ kind: 'model', name: 'acme/model-registry/Nature Classifier' });

    expect(listCollections(t.store, 'acme', 'p').map((c) => c.collection)).toEqual(['acme/p/MNIST', 'acme/p/clf']);
    expect(listCollections(t.store, 'acme', 'model-registry').map((c) => c.collection)).toEqual(['acme/model-registry/Nature Classifier']);
  });

  it('the same spelling in another project or team is a different name', async () => {
    const tree = await storedTree('weights');
    await commitVersion(t.store, { collection: { entity: 'acme', project: 'p', name: 'MNIST' }, type: 'dataset', tree, actor: 'alice' });
    await commitVersion(t.store, { collection: { entity: 'acme', project: 'q', name: 'mnist' }, type: 'dataset', tree, actor: 'alice' });
    await commitVersion(t.store, { collection: { entity: 'other', project: 'p', name: 'mnist' }, type: 'dataset', tree, actor: 'alice' });
    expect(listCollections(t.store, 'acme', 'q').map((c) => c.collection)).toEqual(['acme/q/mnist']);
  });
});
