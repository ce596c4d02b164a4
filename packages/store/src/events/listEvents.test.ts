import { describe, expect, it } from 'vitest';
import { commitVersion } from '../commands/commitVersion.js';
import { linkVersion } from '../commands/linkVersion.js';
import { removeAlias } from '../commands/removeAlias.js';
import { setAlias } from '../commands/setAlias.js';
import { hashBytes } from '../digest/hashBytes.js';
import { buildTree } from '../objects/buildTree.js';
import { listEvents } from './listEvents.js';
import { useTempStore } from '../testing/useTempStore.js';

const t = useTempStore('arca-events-');

async function log(entity: string, name: string, text: string, aliases: string[] = []): Promise<void> {
  const bytes = Buffer.from(text);
  await t.store.objects.put(hashBytes(bytes), bytes);
  const tree = buildTree([{ path: 'f.txt', size: bytes.length, digest: hashBytes(bytes) }]);
  await t.store.objects.put(tree.digest, tree.bytes);
  await commitVersion(t.store, { collection: { entity, project: 'p', name }, type: 'model', tree: tree.digest, aliases, actor: 'alice', reason: 'epoch' });
}

describe('listEvents', () => {
  it('turns every ref log row into a typed event, ids in ref log order', async () => {
    await log('acme', 'clf', 'one', ['best']);
    await log('acme', 'clf', 'two', ['best']);
    await linkVersion(t.store, { source: { entity: 'acme', project: 'p', name: 'clf', selector: { kind: 'alias', alias: 'best' } }, registry: { entity: 'acme', project: 'model-registry', name: 'Clf' }, aliases: ['staging'], actor: 'bob' });
    await setAlias(t.store, { target: { entity: 'acme', project: 'model-registry', name: 'Clf', selector: { kind: 'number', number: 0 } }, alias: 'production', actor: 'carol', reason: 'reviewed' });
    removeAlias(t.store, { collection: { entity: 'acme', project: 'model-registry', name: 'Clf' }, alias: 'staging', actor: 'carol' });

    const page = listEvents(t.store, 0);
    expect(page.done).toBe(true);
    expect(page.events.map((e) => [e.id, e.type, e.collection, e.name])).toEqual([
      [1, 'version.logged', 'acme/p/clf', 'v0'],
      [2, 'alias.added', 'acme/p/clf', 'latest'],
      [3, 'alias.added', 'acme/p/clf', 'best'],
      [4, 'version.logged', 'acme/p/clf', 'v1'],
      [5, 'alias.moved', 'acme/p/clf', 'latest'],
      [6, 'alias.moved', 'acme/p/clf', 'best'],
      [7, 'version.linked', 'acme/model-registry/Clf', 'v0'],
      [8, 'alias.added', 'acme/model-registry/Clf', 'latest'],
      [9, 'alias.added', 'acme/model-registry/Clf', 'staging'],
      [10, 'alias.added', 'acme/model-registry/Clf', 'production'],
      [11, 'alias.removed', 'acme/model-registry/Clf', 'staging'],
    ]);
    const linked = page.events[6]!;
    expect(linked).toMatchObject({ entity: 'acme', project: 'model-registry', collectionKind: 'registry', ref: 'versions/v0', old: null, actor: 'bob', source: { collection: 'acme/p/clf', version: 'v1' } });
    expect(linked.new!.digest).toMatch(/^b3:[0-9a-f]{64}$/);
    expect(page.events[5]).toMatchObject({ old: { version: 'v0' }, new: { version: 'v1' }, reason: 'epoch', source: null });
    expect(page.events[10]).toMatchObject({ old: { version: 'v0' }, new: null });
  });

  it('filters by entity, collection and type, and pages without skipping or repeating', async () => {
    await log('acme', 'a', 'x1');
    await log('other', 'a', 'y1');
    await log('acme', 'b', 'x2');
    await log('acme', 'a', 'x3');
    expect(listEvents(t.store, 0, { entities: ['acme'] }).events.every((e) => e.entity === 'acme')).toBe(true);
    expect(listEvents(t.store, 0, { entities: [] }).events).toEqual([]);
    const onlyA = listEvents(t.store, 0, { collection: { entity: 'acme', project: 'p', name: 'a' }, types: ['version.logged'] });
    expect(onlyA.events.map((e) => e.name)).toEqual(['v0', 'v1']);
    expect(onlyA.cursor).toBe(t.store.refs.lastRefLogSeq());

    const seen: number[] = [];
    let cursor = 0;
    for (let done = false; !done; ) {
      const page = listEvents(t.store, cursor, {}, 3);
      seen.push(...page.events.map((e) => e.id));
      ({ cursor, done } = page);
    }
    expect(seen).toEqual(Array.from({ length: t.store.refs.lastRefLogSeq() }, (_, i) => i + 1));
  });

  it('refuses a negative or fractional resume point', () => {
    expect(() => listEvents(t.store, -1)).toThrowError(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => listEvents(t.store, 1.5)).toThrowError(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  it('notifies commit listeners once per committed transaction, not for rolled-back ones', async () => {
    let calls = 0;
    const off = t.store.refs.onRefLogCommit(() => calls++);
    await log('acme', 'a', 'x1', ['best']);
    expect(calls).toBe(1);
    await expect(setAlias(t.store, { target: { entity: 'acme', project: 'p', name: 'a', selector: { kind: 'number', number: 0 } }, alias: 'best', expect: null, actor: 'a' })).rejects.toMatchObject({ code: 'AliasConflict' });
    expect(calls).toBe(1);
    off();
    await log('acme', 'a', 'x2');
    expect(calls).toBe(1);
  });
});
