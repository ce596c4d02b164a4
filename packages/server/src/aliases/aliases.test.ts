import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const C = 'acme/vision/model';

describe('aliases', () => {
  const t = useTestServer();

  async function twoVersions() {
    const v0 = ((await (await t.commit(C, { w: '0' }, { type: 'model' })).json()) as { version: { digest: string } }).version.digest;
    const v1 = ((await (await t.commit(C, { w: '1' }, { type: 'model' })).json()) as { version: { digest: string } }).version.digest;
    return { v0, v1 };
  }
  const put = (alias: string, json: unknown, key?: string) =>
    t.call('PUT', `/collections/${C}/aliases/${alias}`, { json, ...(key ? { key } : {}) });

  it('PUT points an alias at vN, at what another alias points at, or at a digest prefix', async () => {
    const { v0, v1 } = await twoVersions();
    let res = await put('production', { version: 'v0', reason: 'approved' }, await t.user('carol', { teams: { acme: 'admin' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as { version: { version: string; digest: string; aliases: string[] } };
    expect(body.version).toMatchObject({ version: 'v0', digest: v0, aliases: ['production'] });
    res = await put('staging', { version: 'latest' });
    expect(((await res.json()) as { version: { digest: string } }).version.digest).toBe(v1);
    res = await put('production', { version: v1.slice(0, 12) });
    expect(((await res.json()) as { version: { version: string } }).version.version).toBe('v1');
    const log = (await (await t.call('GET', `/collections/${C}/log?refs=aliases`)).json()) as {
      entries: { ref: string; old: unknown; new: unknown; actor: string; reason: string }[];
    };
    expect(log.entries.filter((e) => e.ref === 'aliases/production')).toEqual([
      expect.objectContaining({ old: null, new: { version: 'v0', digest: v0 }, actor: 'carol', reason: 'approved' }),
      expect.objectContaining({ old: { version: 'v0', digest: v0 }, new: { version: 'v1', digest: v1 }, actor: 'admin', reason: '' }),
    ]);
  });

  it('PUT with expect is a compare-and-swap', async () => {
    const { v0, v1 } = await twoVersions();
    expect((await put('production', { version: 'v0', expect: null })).status).toBe(200);
    let data = await expectError(await put('production', { version: 'v1', expect: null }), 409, 'AliasConflict');
    expect(data).toEqual({ collection: C, alias: 'production', expected: null, actual: v0 });
    data = await expectError(await put('production', { version: 'v1', expect: v1 }), 409, 'AliasConflict');
    expect(data).toMatchObject({ expected: v1, actual: v0 });
    expect((await put('production', { version: 'v1', expect: v0 })).status).toBe(200);
    // The short form ls and show print (12 hex digits) works as expect; shorter is refused.
    expect((await put('production', { version: 'v0', expect: v1.slice(0, 15) })).status).toBe(200);
    expect(await expectError(await put('production', { version: 'v1', expect: v1.slice(0, 15) }), 409, 'AliasConflict')).toMatchObject({ expected: v1.slice(0, 15), actual: v0 });
    expect(await expectError(await put('production', { version: 'v1', expect: v0.slice(0, 14) }), 400, 'InvalidArgument')).toMatchObject({ argument: 'expect' });
  });

  it('of 20 concurrent PUTs with the same expect exactly one wins, the rest get 409 AliasConflict', async () => {
    const { v0, v1 } = await twoVersions();
    await put('production', { version: 'v0' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => put('production', { version: 'v1', expect: v0 })),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of results) {
      if (r.status !== 200) expect(await expectError(r, 409, 'AliasConflict')).toMatchObject({ expected: v0, actual: v1 });
    }
    const moves = ((await t.log(C)) as { ref: string }[]).filter((e) => e.ref === 'aliases/production');
    expect(moves).toHaveLength(2);
  });

  it('DELETE removes an alias, optionally only if it still points at expect', async () => {
    const { v0, v1 } = await twoVersions();
    await put('production', { version: 'v0' });
    expect(await expectError(await t.call('DELETE', `/collections/${C}/aliases/production?expect=${v1}`), 409, 'AliasConflict')).toMatchObject({
      expected: v1,
      actual: v0,
    });
    const res = await t.call('DELETE', `/collections/${C}/aliases/production?expect=${v0}&reason=retired`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ removed: { version: 'v0', digest: v0 } });
    expect(await expectError(await t.call('DELETE', `/collections/${C}/aliases/production`), 404, 'NotFound')).toEqual({
      kind: 'alias',
      name: `${C}:production`,
    });
    // A second remover with the same expectation lost the race: a conflict, not "not found".
    expect(await expectError(await t.call('DELETE', `/collections/${C}/aliases/production?expect=${v0}`), 409, 'AliasConflict')).toMatchObject({ expected: v0, actual: null });
    const log = (await (await t.call('GET', `/collections/${C}/log?refs=aliases`)).json()) as { entries: { ref: string; new: unknown; reason: string }[] };
    expect(log.entries.at(-1)).toMatchObject({ ref: 'aliases/production', new: null, reason: 'retired' });
  });

  it('refuses bad input with a 4xx and moves nothing', async () => {
    await twoVersions();
    await put('production', { version: 'v0' });
    const logBefore = await t.log(C);
    const cases: [Response, number, string, Record<string, unknown>?][] = [
      [await t.call('PUT', `/collections/${C}/aliases/production`, { body: '{', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson'],
      [await put('production', {}), 400, 'InvalidArgument', { argument: 'version' }],
      [await put('production', { version: 1 }), 400, 'InvalidArgument', { argument: 'version' }],
      [await put('production', { version: '' }), 400, 'InvalidArgument', { argument: 'version' }],
      [await put('production', { version: 'v1', expect: 5 }), 400, 'InvalidArgument', { argument: 'expect' }],
      [await put('production', { version: 'v1', expect: 'b3:12' }), 400, 'InvalidArgument', { argument: 'expect' }],
      [await put('production', { version: 'v1', reason: [] }), 400, 'InvalidArgument', { argument: 'reason' }],
      [await put('production', { version: 'v1', force: true }), 400, 'InvalidArgument', { argument: 'force' }],
      [await put('latest', { version: 'v1' }), 400, 'InvalidName', { kind: 'alias', name: 'latest' }],
      [await put('v2', { version: 'v1' }), 400, 'InvalidName', { kind: 'alias' }],
      [await put('bad..name', { version: 'v1' }), 400, 'InvalidName', { kind: 'alias' }],
      [await put('x.lock', { version: 'v1' }), 400, 'InvalidName', { kind: 'alias' }],
      [await put('production', { version: 'v9' }), 404, 'NotFound', { kind: 'version' }],
      [await put('production', { version: 'nope' }), 404, 'NotFound', { kind: 'alias' }],
      [await put('production', { version: 'bad alias!' }), 400, 'InvalidName'],
      [await put('production', { version: 'b3:00' }), 400, 'InvalidName'],
      [await t.call('PUT', '/collections/acme/vision/other/aliases/production', { json: { version: 'v0' } }), 404, 'NotFound', { kind: 'collection' }],
      [await t.call('PUT', '/collections/acme/vi%20sion/x/aliases/production', { json: { version: 'v0' } }), 400, 'InvalidName'],
      [await put('production', { version: 'v1', reason: 'x'.repeat(70 * 1024) }), 413, 'PayloadTooLarge'],
      [await t.call('DELETE', `/collections/${C}/aliases/production?expect=nope`), 400, 'InvalidArgument', { argument: 'expect' }],
      [await t.call('DELETE', `/collections/${C}/aliases/production?reason=a&reason=b`), 400, 'InvalidArgument', { argument: 'reason' }],
      // 4096 bytes, as in PUT's body: 2,049 two-byte characters are over.
      [await t.call('DELETE', `/collections/${C}/aliases/production?reason=${encodeURIComponent('é'.repeat(2049))}`), 400, 'InvalidArgument', { argument: 'reason', reason: 'longer than 4096 bytes' }],
      [await t.call('DELETE', `/collections/${C}/aliases/latest`), 400, 'InvalidName'],
    ];
    for (const [res, status, code, data] of cases) {
      const got = await expectError(res, status, code);
      if (data) expect(got).toMatchObject(data);
    }
    expect(await t.log(C)).toEqual(logBefore);
  });
});
