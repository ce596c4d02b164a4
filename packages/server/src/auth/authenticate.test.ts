import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const CHALLENGE = 'Bearer realm="arca", Basic realm="arca", charset="UTF-8"';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('authentication', () => {
  const t = useTestServer();

  it('answers a request without a key 401 Unauthenticated with a WWW-Authenticate challenge, on every route but /health', async () => {
    for (const [method, path] of [
      ['GET', '/whoami'],
      ['GET', '/collections/acme/p/c'],
      ['POST', '/collections/acme/p/c/versions'],
      ['PUT', `/objects/b3:${'0'.repeat(64)}`],
      ['GET', '/stats'],
      ['GET', '/no-such-route'],
    ] as const) {
      const res = await t.call(method, path, { key: null, ...(method === 'GET' ? {} : { body: 'x' }) });
      expect(res.headers.get('www-authenticate'), `${method} ${path}`).toBe(CHALLENGE);
      expect(await expectError(res, 401, 'Unauthenticated')).toEqual({ reason: 'missing' });
    }
    const health = await t.call('GET', '/health', { key: null });
    expect(health.status).toBe(200);
  });

  it('refuses malformed Authorization headers as 401 malformed, naming no key', async () => {
    for (const header of [
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'Token abc',
      'bearer\tabc',
      'Basic !!!notbase64',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      basic('u', ''),
      basic('u', 'has space'),
      `Bearer ${'k'.repeat(600)}`,
    ]) {
      const res = await t.call('GET', '/whoami', { key: null, headers: { authorization: header } });
      expect(res.headers.get('www-authenticate'), header).toBe(CHALLENGE);
      expect(await expectError(res, 401, 'Unauthenticated'), header).toEqual({ reason: 'malformed' });
    }
  });

  it('refuses an unknown key and a revoked key, and accepts a live one as bearer token or basic password', async () => {
    expect(await expectError(await t.call('GET', '/whoami', { key: 'arca_000000000000_nope' }), 401, 'Unauthenticated')).toEqual({ reason: 'unknown' });
    const key = await t.user('dora', { teams: { acme: 'member' } });
    const me = (await (await t.call('GET', '/whoami', { key })).json()) as { user: { name: string }; key: { id: string; readOnly: boolean } };
    expect(me.user.name).toBe('dora');
    expect(key.startsWith(`arca_${me.key.id}_`)).toBe(true);
    for (const user of ['dora', 'anything', '']) {
      const res = await t.call('GET', '/whoami', { key: null, headers: { authorization: basic(user, key) } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { name: string } }).user.name).toBe('dora');
    }
    expect((await t.call('DELETE', `/keys/${me.key.id}`, { key })).status).toBe(200);
    const res = await t.call('GET', '/whoami', { key });
    expect(res.headers.get('www-authenticate')).toBe(CHALLENGE);
    expect(await expectError(res, 401, 'Unauthenticated')).toEqual({ reason: 'revoked' });
    expect(await expectError(await t.call('GET', '/whoami', { key: null, headers: { authorization: basic('dora', key) } }), 401, 'Unauthenticated')).toEqual({
      reason: 'revoked',
    });
  });

  it('records the key\'s user as the actor of every ref change', async () => {
    const key = await t.user('erin', { teams: { acme: 'member' } });
    expect((await t.commit('acme/p/c', { f: '1' }, { aliases: ['best'] }, key)).status).toBe(201);
    expect((await t.call('PUT', '/collections/acme/p/c/aliases/staging', { key, json: { version: 'v0' } })).status).toBe(200);
    const entries = (await t.log('acme/p/c')) as { ref: string; actor: string }[];
    expect(entries.map((e) => [e.ref, e.actor])).toEqual([
      ['versions/v0', 'erin'],
      ['aliases/latest', 'erin'],
      ['aliases/best', 'erin'],
      ['aliases/staging', 'erin'],
    ]);
  });

  it('ignores the old X-Arca-Actor header: the actor cannot be claimed, only authenticated', async () => {
    const key = await t.user('fred', { teams: { acme: 'member' } });
    await t.call('POST', '/collections/acme/p/c/versions', {
      key,
      headers: { 'X-Arca-Actor': 'mallory' },
      json: { type: 'dataset', tree: await t.putTree({ f: '1' }) },
    });
    expect(((await t.log('acme/p/c')) as { actor: string }[]).map((e) => e.actor)).toEqual(['fred', 'fred']);
  });
});
