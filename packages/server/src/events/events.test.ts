import { beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { SseReader } from '../testing/SseReader.js';
import { TEST_ADMIN_KEY, useTestServer } from '../testing/useTestServer.js';

interface Ev {
  id: number;
  type: string;
  collection: string;
  name: string;
  entity: string;
  old: { version: string } | null;
  new: { version: string } | null;
  actor: string;
  reason: string;
}

const C = 'acme/nature/clf';

/** The next `n` events of a stream, as `collection type name`. */
async function take(r: SseReader, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = await r.nextEvent<Ev>();
    out.push(`${e.collection} ${e.type} ${e.name}`);
  }
  return out;
}

describe('GET /events', () => {
  // A poll of a minute: every live event in these tests arrives through the commit hook.
  const t = useTestServer({ events: { pollMs: 60_000 }, eventHeartbeatMs: 100 });
  const readers: SseReader[] = [];
  const open = async (query = '', headers: Record<string, string> = {}) => {
    const r = await SseReader.open(`${t.url}/api/v1/events${query}`, headers);
    readers.push(r);
    return r;
  };
  const closeAll = () => readers.splice(0).forEach((r) => r.close());
  let alice = '';
  beforeEach(async () => {
    alice = await t.user('alice', { teams: { acme: 'admin' } });
  });
  const move = (alias: string, version: string, reason = '') =>
    t.call('PUT', `/collections/${C}/aliases/${alias}`, { json: { version, reason }, key: alice });

  it('replays the ref log from since=0 in the documented wire format', async () => {
    await t.commit(C, { 'a.txt': 'one' }, { aliases: ['best'] });
    await move('production', 'v0', 'reviewed');
    const r = await open('?since=0');
    expect(r.response.status).toBe(200);
    expect(r.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(r.response.headers.get('cache-control')).toBe('no-store');
    expect(r.response.headers.get('x-accel-buffering')).toBe('no');
    expect(await r.next()).toEqual({ retry: '2000', id: '0', comments: [] });
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await r.nextEvent<Ev>());
    expect(got.map((e) => [e.id, e.type, e.name])).toEqual([
      [1, 'version.logged', 'v0'],
      [2, 'alias.added', 'latest'],
      [3, 'alias.added', 'best'],
      [4, 'alias.added', 'production'],
    ]);
    expect(Object.keys(got[3]!).sort()).toEqual(
      ['actor', 'collection', 'collectionKind', 'entity', 'id', 'name', 'new', 'old', 'project', 'reason', 'ref', 'source', 'time', 'type'].sort(),
    );
    expect(got[3]).toMatchObject({ entity: 'acme', project: 'nature', collection: C, ref: 'aliases/production', old: null, actor: 'alice', reason: 'reviewed' });
    closeAll();
  });

  it('pushes a new event as soon as the ref change commits, to every listener', async () => {
    await t.commit(C, { 'a.txt': 'one' });
    await t.commit(C, { 'a.txt': 'two' });
    const listeners = await Promise.all(Array.from({ length: 50 }, () => open('?type=alias.moved,alias.added')));
    await Promise.all(listeners.map((l) => l.next())); // retry: frame, so every stream is subscribed
    const toEvent: number[] = [];
    const toAnswer: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const arrived = listeners[0]!.nextEvent<Ev>().then((e) => ({ e, at: performance.now() }));
      const res = await move('production', i % 2 ? 'v0' : 'v1');
      toAnswer.push(performance.now() - started);
      expect(res.status).toBe(200);
      const { e: first, at } = await arrived;
      toEvent.push(at - started);
      expect(first).toMatchObject({ name: 'production', new: { version: i % 2 ? 'v0' : 'v1' } });
      for (const l of listeners.slice(1)) expect((await l.nextEvent<Ev>()).id).toBe(first.id);
    }
    const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const max = Math.max(...toEvent);
    console.log(
      `alias move -> event at the first of 50 listeners, 20 moves: p50 ${p50(toEvent).toFixed(1)} ms, max ${max.toFixed(1)} ms ` +
        `(from sending the PUT; the PUT's own answer took p50 ${p50(toAnswer).toFixed(1)} ms)`,
    );
    // The fallback poll is a minute here: anything under a second came through the commit hook.
    expect(max).toBeLessThan(1000);
    closeAll();
  });

  it('resumes after Last-Event-ID with nothing missed and nothing repeated; the header wins over since', async () => {
    await t.commit(C, { 'a.txt': 'one' });
    const first = await open('?since=0');
    const seen = [(await first.nextEvent<Ev>()).id, (await first.nextEvent<Ev>()).id];
    first.close();
    await t.commit(C, { 'a.txt': 'two' }, { aliases: ['best'] });
    const again = await open('?since=0', { 'last-event-id': String(seen[1]) });
    for (let i = 0; i < 3; i++) seen.push((await again.nextEvent<Ev>()).id);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await move('best', 'v0');
    expect(await again.nextEvent<Ev>()).toMatchObject({ id: 6, type: 'alias.moved', name: 'best', old: { version: 'v1' }, new: { version: 'v0' } });
    closeAll();
  });

  it('filters by entity, collection and type', async () => {
    const byCollection = await open(`?since=0&collection=${encodeURIComponent('acme/model-registry/Clf')}`);
    const byEntity = await open('?since=0&entity=other');
    const byType = await open('?since=0&type=version.linked&type=alias.removed');
    await t.commit(C, { 'a.txt': 'one' });
    await t.commit('other/p/x', { 'a.txt': 'one' });
    expect((await t.call('POST', '/registry/acme/Clf/links', { json: { source: `${C}:v0`, aliases: ['staging'] } })).status).toBe(201);
    expect((await t.call('DELETE', '/collections/acme/model-registry/Clf/aliases/staging')).status).toBe(200);

    expect(await take(byCollection, 4)).toEqual([
      'acme/model-registry/Clf version.linked v0',
      'acme/model-registry/Clf alias.added latest',
      'acme/model-registry/Clf alias.added staging',
      'acme/model-registry/Clf alias.removed staging',
    ]);
    expect(await take(byEntity, 2)).toEqual(['other/p/x version.logged v0', 'other/p/x alias.added latest']);
    expect(await take(byType, 2)).toEqual(['acme/model-registry/Clf version.linked v0', 'acme/model-registry/Clf alias.removed staging']);
    // Nothing else arrived on the filtered streams (heartbeats only).
    for (const r of [byCollection, byEntity, byType]) {
      const f = await r.next();
      expect(f.data).toBeUndefined();
    }
    closeAll();
  });

  it('a stream filtered by collection hears of its deletion, alias by alias, and replays its history after', async () => {
    const gone = 'acme/nature/gone';
    await t.commit(gone, { 'a.txt': 'one' }, { aliases: ['best'] });
    const live = await open(`?collection=${encodeURIComponent(gone)}&type=alias.removed,version.deleted,collection.deleted`);
    await live.next();
    expect((await t.call('DELETE', `/collections/${gone}`, { key: alice })).status).toBe(200);
    const deletion = [
      `${gone} alias.removed best`,
      `${gone} alias.removed latest`,
      `${gone} version.deleted v0`,
      `${gone} collection.deleted collection`,
    ];
    expect((await take(live, 4)).sort()).toEqual([...deletion].sort());
    // Replayed from the start, by the name it had, while another collection of another name goes on.
    await t.commit(C, { 'a.txt': 'one' });
    const replay = await open(`?since=0&collection=${encodeURIComponent(gone)}`);
    await replay.next();
    expect((await take(replay, 7)).slice(0, 3)).toEqual([`${gone} version.logged v0`, `${gone} alias.added latest`, `${gone} alias.added best`]);
    expect((await replay.next()).data).toBeUndefined();
    closeAll();
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const r = await open();
    await r.next();
    expect(await r.next()).toEqual({ comments: ['heartbeat'] });
    expect(await r.next()).toEqual({ comments: ['heartbeat'] });
    closeAll();
  });

  it('lets go of every stream whose client hung up', async () => {
    const rs = await Promise.all(Array.from({ length: 30 }, () => open()));
    await Promise.all(rs.map((r) => r.next()));
    expect(t.server.eventListeners()).toBe(30);
    closeAll();
    const deadline = Date.now() + 5000;
    while (t.server.eventListeners() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(t.server.eventListeners()).toBe(0);
    // The server still answers and streams after the mass hang-up.
    const r = await open();
    await r.next();
    await t.commit(C, { 'a.txt': 'one' });
    expect((await r.nextEvent<Ev>()).type).toBe('version.logged');
    closeAll();
  });

  it('refuses bad filters and resume points with 400 before streaming', async () => {
    const get = (q: string, headers: Record<string, string> = {}) => fetch(`${t.url}/api/v1/events${q}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, ...headers } });
    expect(await expectError(await get('?type=alias.renamed'), 400, 'InvalidArgument')).toMatchObject({ argument: 'type' });
    expect(await expectError(await get('?since=-1'), 400, 'InvalidArgument')).toMatchObject({ argument: 'since' });
    expect(await expectError(await get('?since=1&since=2'), 400, 'InvalidArgument')).toMatchObject({ argument: 'since' });
    expect(await expectError(await get('', { 'last-event-id': 'abc' }), 400, 'InvalidArgument')).toMatchObject({ argument: 'Last-Event-ID' });
    expect(await expectError(await get('?entity=bad%20name'), 400, 'InvalidName')).toMatchObject({ kind: 'entity' });
    expect(await expectError(await get('?collection=a/b'), 400, 'InvalidName')).toBeDefined();
    expect(await expectError(await get('?colection=a/b/c'), 400, 'InvalidArgument')).toMatchObject({ argument: 'colection' });
    expect(t.server.eventListeners()).toBe(0);
  });
});

describe('GET /events access', () => {
  const t = useTestServer({ events: { pollMs: 60_000 }, eventHeartbeatMs: 100 });

  it("streams only the teams the caller has a role in; naming another team is 404, without a key 401", async () => {
    const viewer = await t.user('vic', { teams: { acme: 'viewer' } });
    await t.commit('acme/p/c', { a: '1' });
    await t.commit('globex/p/c', { b: '1' });
    await t.commit('acme/p/c', { a: '2' });
    const r = await SseReader.open(`${t.url}/api/v1/events?since=0&type=version.logged`, { authorization: `Bearer ${viewer}` });
    try {
      await r.next();
      const seen = [await r.nextEvent<Ev>(), await r.nextEvent<Ev>()];
      expect(seen.map((e) => [e.collection, e.name])).toEqual([
        ['acme/p/c', 'v0'],
        ['acme/p/c', 'v1'],
      ]);
    } finally {
      r.close();
    }
    const get = (q: string, key: string | null) =>
      fetch(`${t.url}/api/v1/events${q}`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
    expect(await expectError(await get('?entity=globex', viewer), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'globex' });
    expect(await expectError(await get('?entity=acme,globex', viewer), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'globex' });
    expect(await expectError(await get('?collection=globex/p/c', viewer), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'globex' });
    expect(await expectError(await get('', null), 401, 'Unauthenticated')).toEqual({ reason: 'missing' });
  });

  it('ends the open stream of a key once it is revoked: no event after the revocation reaches it', async () => {
    const viewer = await t.user('vic', { teams: { acme: 'viewer' } });
    const keyId = viewer.split('_')[1]!;
    const r = await SseReader.open(`${t.url}/api/v1/events?type=version.logged`, { authorization: `Bearer ${viewer}` });
    try {
      await r.next();
      await t.commit('acme/p/c', { a: '1' });
      expect((await r.nextEvent<Ev>()).name).toBe('v0');
      // The key leaked and is revoked; a request with it is refused at once...
      expect((await t.call('DELETE', `/keys/${keyId}`)).status).toBe(200);
      await expectError(await t.call('GET', '/whoami', { key: viewer }), 401, 'Unauthenticated');
      // ...and so is the stream opened with it before: it ends, and what is logged next is not sent.
      await t.commit('acme/p/c', { a: '2' });
      await expect(r.nextEvent<Ev>(2000)).rejects.toThrow('stream ended');
    } finally {
      r.close();
    }
    expect(t.server.eventListeners()).toBe(0);
  });
});
