import { describe, expect, it } from 'vitest';
import { commitVersion } from '../commands/commitVersion.js';
import { linkVersion } from '../commands/linkVersion.js';
import { refLog } from '../commands/refLog.js';
import { hashBytes } from '../digest/hashBytes.js';
import { listEvents } from '../events/listEvents.js';
import { buildTree } from '../objects/buildTree.js';
import { changeTags } from './changeTags.js';
import { createRegisteredModel } from './createRegisteredModel.js';
import { deleteCollection } from './deleteCollection.js';
import { deleteVersion } from './deleteVersion.js';
import { updateRegisteredModel } from './updateRegisteredModel.js';
import { useTempStore } from '../testing/useTempStore.js';

const t = useTempStore('arca-registry-events-');

const SRC = { entity: 'acme', project: 'p', name: 'clf' };
const MODEL = { entity: 'acme', project: 'model-registry', name: 'Clf' };

describe('the registry in the event stream', () => {
  it('gives each registry change its event type, keeps deleted collections under their name and unlinks with their source', async () => {
    const bytes = Buffer.from('weights');
    await t.store.objects.put(hashBytes(bytes), bytes);
    const tree = buildTree([{ path: 'm.onnx', size: bytes.length, digest: hashBytes(bytes) }]);
    await t.store.objects.put(tree.digest, tree.bytes);
    await commitVersion(t.store, { collection: SRC, type: 'model', tree: tree.digest, actor: 'alice' });
    createRegisteredModel(t.store, { model: MODEL, actor: 'alice' });
    updateRegisteredModel(t.store, { model: MODEL, description: '# card', actor: 'alice' });
    await linkVersion(t.store, { source: { ...SRC, selector: { kind: 'number', number: 0 } }, registry: MODEL, actor: 'bob' });
    changeTags(t.store, { target: MODEL, add: ['vision'], actor: 'carol' });
    changeTags(t.store, { target: MODEL, remove: ['vision'], actor: 'carol' });
    changeTags(t.store, { target: { ...MODEL, selector: { kind: 'number', number: 0 } }, add: ['ok'], actor: 'carol' });
    // The model's history says what a link linked, as its unlink will.
    expect(refLog(t.store, MODEL).find((e) => e.kind === 'linked')!.detail).toEqual({ source: { collection: 'acme/p/clf', version: 'v0' } });
    deleteVersion(t.store, { ref: { ...MODEL, selector: { kind: 'number', number: 0 } }, actor: 'dave' });
    deleteCollection(t.store, { collection: MODEL, actor: 'dave' });

    const { events } = listEvents(t.store, 0, { entities: ['acme'] });
    const model = events.filter((e) => e.collection === 'acme/model-registry/Clf');
    expect(model.map((e) => [e.type, e.ref, e.actor])).toEqual([
      ['model.created', 'model', 'alice'],
      ['model.edited', 'card', 'alice'],
      ['version.linked', 'versions/v0', 'bob'],
      ['alias.added', 'aliases/latest', 'bob'],
      ['tag.added', 'tags/vision', 'carol'],
      ['tag.removed', 'tags/vision', 'carol'],
      ['tag.added', 'tags/ok', 'carol'],
      ['alias.removed', 'aliases/latest', 'dave'],
      ['version.unlinked', 'versions/v0', 'dave'],
      ['collection.deleted', 'collection', 'dave'],
    ]);
    expect(model.find((e) => e.type === 'version.unlinked')!.source).toEqual({ collection: 'acme/p/clf', version: 'v0' });
    // Replayed after the unlink, the link still says what it linked.
    expect(model.find((e) => e.type === 'version.linked')!.source).toEqual({ collection: 'acme/p/clf', version: 'v0' });
    expect(model.every((e) => e.project === 'model-registry')).toBe(true);
  });

  it('deleting a whole model or collection tells of each alias and version it takes with it', async () => {
    for (const text of ['one', 'two']) {
      const bytes = Buffer.from(text);
      await t.store.objects.put(hashBytes(bytes), bytes);
      const tree = buildTree([{ path: 'm.onnx', size: bytes.length, digest: hashBytes(bytes) }]);
      await t.store.objects.put(tree.digest, tree.bytes);
      await commitVersion(t.store, { collection: SRC, type: 'model', tree: tree.digest, actor: 'alice' });
      await linkVersion(t.store, { source: { ...SRC, selector: { kind: 'alias', alias: 'latest' } }, registry: MODEL, aliases: text === 'one' ? ['serving'] : [], actor: 'bob' });
    }
    const before = listEvents(t.store, 0, {}).events.at(-1)!.id;
    deleteCollection(t.store, { collection: MODEL, actor: 'dave' });
    deleteCollection(t.store, { collection: SRC, actor: 'dave' });

    const after = listEvents(t.store, before, {}).events;
    expect(after.map((e) => [e.collection, e.type, e.ref])).toEqual([
      ['acme/model-registry/Clf', 'alias.removed', 'aliases/latest'],
      ['acme/model-registry/Clf', 'alias.removed', 'aliases/serving'],
      ['acme/model-registry/Clf', 'version.unlinked', 'versions/v0'],
      ['acme/model-registry/Clf', 'version.unlinked', 'versions/v1'],
      ['acme/model-registry/Clf', 'collection.deleted', 'collection'],
      ['acme/p/clf', 'alias.removed', 'aliases/latest'],
      ['acme/p/clf', 'version.deleted', 'versions/v0'],
      ['acme/p/clf', 'version.deleted', 'versions/v1'],
      ['acme/p/clf', 'collection.deleted', 'collection'],
    ]);
    expect(after.find((e) => e.ref === 'aliases/serving')!.old).toMatchObject({ version: 'v0' });
  });
});
