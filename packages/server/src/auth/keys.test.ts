import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../startServer.js';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const whoami = (url: string, key: string) => fetch(`${url}/api/v1/whoami`, { headers: { authorization: `Bearer ${key}` } });

/** The random part of a generated key `arca_<id>_<secret>` (the secret is base64url and may itself hold `_`). */
const secretOf = (key: string) => key.slice(key.indexOf('_', 'arca_'.length) + 1);

/** Every byte of the SQLite database (main file, WAL, shared memory) under a data dir. */
function databaseBytes(dataDir: string): Buffer {
  return Buffer.concat(readdirSync(dataDir).filter((f) => f.includes('.sqlite')).map((f) => readFileSync(join(dataDir, f))));
}

describe('first start and ARCA_ADMIN_KEY', () => {
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'arca-auth-test-'));
    dirs.push(d);
    return d;
  };
  const start = async (dataDir: string, adminKey?: string) => {
    const notices: string[] = [];
    const s = await startServer({ dataDir, port: 0, notice: (m) => notices.push(m), ...(adminKey ? { adminKey } : {}) });
    servers.push(s);
    return { s, notices };
  };

  it('writes a new admin key to DATA/admin.key with mode 0600 and says so; a restart keeps it', async () => {
    const dataDir = fresh();
    const { s, notices } = await start(dataDir);
    const file = join(dataDir, 'admin.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    expect(key).toMatch(/^arca_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(notices).toEqual([expect.stringContaining(file)]);
    const me = (await (await whoami(s.url, key)).json()) as { user: { name: string; siteAdmin: boolean } };
    expect(me.user).toMatchObject({ name: 'admin', siteAdmin: true });
    expect(databaseBytes(dataDir).includes(Buffer.from(key))).toBe(false);
    expect(databaseBytes(dataDir).includes(Buffer.from(secretOf(key)))).toBe(false);

    await servers.pop()!.close();
    const again = await start(dataDir);
    expect(again.notices).toEqual([]);
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    expect((await whoami(again.s.url, key)).status).toBe(200);
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('with ARCA_ADMIN_KEY writes no file; a changed variable replaces the key; a short one is refused', async () => {
    const dataDir = fresh();
    const first = 'first-admin-key-0123456789abcdefghijklmnop';
    const { s, notices } = await start(dataDir, first);
    expect(notices).toEqual([]);
    expect(existsSync(join(dataDir, 'admin.key'))).toBe(false);
    expect(((await (await whoami(s.url, first)).json()) as { key: { id: string } }).key.id).toBe('admin-env');
    expect(databaseBytes(dataDir).includes(Buffer.from(first))).toBe(false);

    await servers.pop()!.close();
    const second = 'second-admin-key-0123456789abcdefghijklmno';
    const again = await start(dataDir, second);
    expect(await expectError(await whoami(again.s.url, first), 401, 'Unauthenticated')).toEqual({ reason: 'unknown' });
    expect((await whoami(again.s.url, second)).status).toBe(200);
    await servers.pop()!.close();

    await expect(startServer({ dataDir, port: 0, adminKey: 'short' })).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'ARCA_ADMIN_KEY' } });
    await expect(startServer({ dataDir, port: 0, adminKey: 'x'.repeat(20) + ' ' + 'y'.repeat(20) })).rejects.toMatchObject({ code: 'InvalidArgument' });
    // The refused start closed the store: the next one opens it.
    expect((await whoami((await start(dataDir, second)).s.url, second)).status).toBe(200);
  });
});

describe('keys, users and teams', () => {
  const t = useTestServer();
  const json = async <T>(res: Response, status: number): Promise<T> => {
    const text = await res.text();
    expect({ status: res.status, text }).toMatchObject({ status });
    return JSON.parse(text) as T;
  };

  it('a key is shown once, listed without its secret, and never stored raw', async () => {
    const bob = await t.user('bob', { teams: { acme: 'member' } });
    const created = await json<{ key: { id: string; user: string; readOnly: boolean }; secret: string }>(
      await t.call('POST', '/keys', { key: bob, json: { readOnly: true, description: 'laptop' } }),
      201,
    );
    expect(created.key).toMatchObject({ user: 'bob', readOnly: true, description: 'laptop', revokedAt: null });
    expect(created.secret.startsWith(`arca_${created.key.id}_`)).toBe(true);
    const listed = await (await t.call('GET', '/keys', { key: bob })).text();
    expect(listed).toContain(created.key.id);
    expect(listed).not.toContain(created.secret);
    expect(listed).not.toContain(secretOf(created.secret));
    const keys = (JSON.parse(listed) as { keys: Record<string, unknown>[] }).keys;
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(Object.keys(k).sort()).toEqual(['createdAt', 'description', 'id', 'readOnly', 'revokedAt', 'user']);
    const db = databaseBytes(t.dataDir);
    for (const secret of [bob, created.secret]) {
      expect(db.includes(Buffer.from(secret))).toBe(false);
      expect(db.includes(Buffer.from(secretOf(secret)))).toBe(false);
    }
  });

  it('users manage their own keys; site admins anyone\'s; another user\'s key is 404', async () => {
    const bob = await t.user('bob', { teams: { acme: 'member' } });
    const cat = await t.user('cat', { teams: { acme: 'admin' } });
    const catKeyId = ((await (await t.call('GET', '/whoami', { key: cat })).json()) as { key: { id: string } }).key.id;
    // A team admin is not a site admin.
    expect(await expectError(await t.call('POST', '/keys', { key: cat, json: { user: 'bob' } }), 403, 'Forbidden')).toMatchObject({ needed: 'site-admin' });
    expect(await expectError(await t.call('GET', '/keys?user=bob', { key: cat }), 403, 'Forbidden')).toMatchObject({ needed: 'site-admin' });
    expect(await expectError(await t.call('DELETE', `/keys/${catKeyId}`, { key: bob }), 404, 'NotFound')).toEqual({ kind: 'key', name: catKeyId });
    expect(await expectError(await t.call('DELETE', '/keys/nope', { key: bob }), 404, 'NotFound')).toEqual({ kind: 'key', name: 'nope' });
    expect((await t.call('GET', '/whoami', { key: cat })).status).toBe(200);
    // The site admin lists and revokes it.
    const listed = await json<{ keys: { id: string }[] }>(await t.call('GET', '/keys?user=cat'), 200);
    expect(listed.keys.map((k) => k.id)).toEqual([catKeyId]);
    const revoked = await json<{ revoked: { id: string; revokedAt: string } }>(await t.call('DELETE', `/keys/${catKeyId}`), 200);
    expect(revoked.revoked.revokedAt).toEqual(expect.any(String));
    // Idempotent: the same answer again, the first revocation time kept.
    expect((await json<{ revoked: { revokedAt: string } }>(await t.call('DELETE', `/keys/${catKeyId}`), 200)).revoked.revokedAt).toBe(revoked.revoked.revokedAt);
    expect(await expectError(await t.call('GET', '/whoami', { key: cat }), 401, 'Unauthenticated')).toEqual({ reason: 'revoked' });
    expect(await expectError(await t.call('GET', '/keys?user=nobody'), 404, 'NotFound')).toEqual({ kind: 'user', name: 'nobody' });
    expect(await expectError(await t.call('POST', '/keys', { json: { user: 'nobody' } }), 404, 'NotFound')).toEqual({ kind: 'user', name: 'nobody' });
    for (const [body, arg] of [
      [{ readOnly: 'yes' }, 'readOnly'],
      [{ description: 'x'.repeat(300) }, 'description'],
      [{ scope: 'all' }, 'scope'],
      [[], 'body'],
    ] as const) {
      expect(await expectError(await t.call('POST', '/keys', { json: body }), 400, 'InvalidArgument')).toMatchObject({ argument: arg });
    }
  });

  it('site admins create users and teams; team admins manage members; bad input is 4xx and writes nothing', async () => {
    const ann = await t.user('ann', { teams: { acme: 'admin' } });
    expect(await expectError(await t.call('POST', '/teams', { key: ann, json: { name: 'initech' } }), 403, 'Forbidden')).toMatchObject({ needed: 'site-admin' });
    expect(await expectError(await t.call('POST', '/users', { key: ann, json: { name: 'x' } }), 403, 'Forbidden')).toMatchObject({ needed: 'site-admin' });
    expect(await expectError(await t.call('GET', '/users', { key: ann }), 403, 'Forbidden')).toMatchObject({ needed: 'site-admin' });
    expect(await expectError(await t.call('POST', '/teams', { json: { name: 'acme' } }), 409, 'AlreadyExists')).toEqual({ kind: 'team', name: 'acme' });
    expect(await expectError(await t.call('POST', '/users', { json: { name: 'ann' } }), 409, 'AlreadyExists')).toEqual({ kind: 'user', name: 'ann' });
    // A case twin would be a second team, invisible to the first one's members (decision 021).
    expect(await expectError(await t.call('POST', '/teams', { json: { name: 'ACME' } }), 409, 'AlreadyExists')).toEqual({ kind: 'team', name: 'acme', requested: 'ACME' });
    expect(await expectError(await t.call('POST', '/users', { json: { name: 'Ann' } }), 409, 'AlreadyExists')).toEqual({ kind: 'user', name: 'ann', requested: 'Ann' });
    expect(await expectError(await t.call('POST', '/users', { json: { name: 'bad name' } }), 400, 'InvalidName')).toMatchObject({ kind: 'user' });
    expect(await expectError(await t.call('POST', '/teams', { json: { name: 'a..b' } }), 400, 'InvalidName')).toMatchObject({ kind: 'entity' });
    expect(await expectError(await t.call('POST', '/users', { json: { name: 'op', serviceAccount: 1 } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'serviceAccount' });
    expect(await json(await t.call('POST', '/users', { json: { name: 'op', serviceAccount: true } }), 201)).toEqual({
      user: { name: 'op', serviceAccount: true, siteAdmin: false, createdAt: expect.any(String) },
    });

    // The team admin (not a site admin) adds, changes and removes members.
    const put = (user: string, body: unknown) => t.call('PUT', `/teams/acme/members/${user}`, { key: ann, json: body });
    expect(await json(await put('op', { role: 'viewer' }), 200)).toEqual({ member: { team: 'acme', user: 'op', role: 'viewer' } });
    expect(await json(await put('op', { role: 'member' }), 200)).toEqual({ member: { team: 'acme', user: 'op', role: 'member' } });
    expect(await expectError(await put('op', { role: 'owner' }), 400, 'InvalidArgument')).toMatchObject({ argument: 'role' });
    expect(await expectError(await put('ghost', { role: 'viewer' }), 404, 'NotFound')).toEqual({ kind: 'user', name: 'ghost' });
    expect(await expectError(await put('op', {}), 400, 'InvalidArgument')).toMatchObject({ argument: 'role' });
    const team = await json<{ members: unknown[] }>(await t.call('GET', '/teams/acme', { key: ann }), 200);
    expect(team.members).toEqual([
      { user: 'ann', role: 'admin', serviceAccount: false },
      { user: 'op', role: 'member', serviceAccount: true },
    ]);
    expect(await json(await t.call('DELETE', '/teams/acme/members/op', { key: ann }), 200)).toEqual({ removed: { team: 'acme', user: 'op', role: 'member' } });
    expect(await expectError(await t.call('DELETE', '/teams/acme/members/op', { key: ann }), 404, 'NotFound')).toEqual({ kind: 'member', name: 'acme/op' });
    // A team that does not exist is the entity 404 for everyone, site admins included.
    expect(await expectError(await t.call('GET', '/teams/initech'), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'initech' });
    expect(await expectError(await t.call('GET', '/teams/initech', { key: ann }), 404, 'NotFound')).toEqual({ kind: 'entity', name: 'initech' });
    expect((await json<{ users: { name: string }[] }>(await t.call('GET', '/users'), 200)).users.map((u) => u.name)).toEqual(['admin', 'ann', 'op']);
  });

  it('concurrent creations of one team or user: exactly one wins, the rest get 409, none half-written', async () => {
    const teams = await Promise.all(Array.from({ length: 20 }, () => t.call('POST', '/teams', { json: { name: 'race' } })));
    expect(teams.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of teams.filter((x) => x.status !== 201)) expect(await expectError(r, 409, 'AlreadyExists')).toEqual({ kind: 'team', name: 'race' });
    const users = await Promise.all(Array.from({ length: 20 }, () => t.call('POST', '/users', { json: { name: 'racer' } })));
    expect(users.filter((r) => r.status === 201)).toHaveLength(1);
    const keys = await Promise.all(Array.from({ length: 20 }, () => t.call('POST', '/keys', { json: { user: 'racer' } })));
    const secrets = await Promise.all(keys.map(async (r) => ((await json<{ secret: string }>(r, 201)).secret)));
    expect(new Set(secrets).size).toBe(20);
    expect((await json<{ keys: unknown[] }>(await t.call('GET', '/keys?user=racer'), 200)).keys).toHaveLength(20);
  });
});
