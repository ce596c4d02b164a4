import { hashBytes, Store } from '@arca/store';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../createApp.js';
import { startServer } from '../startServer.js';
import { expectError } from '../testing/expectError.js';
import { TEST_ADMIN_KEY, useTestServer } from '../testing/useTestServer.js';
import { bootstrapAdmin } from '../auth/bootstrapAdmin.js';

describe('health and stats', () => {
  const t = useTestServer();

  it('GET /health says ok with the package version', async () => {
    const res = await t.call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await res.json()).toEqual({ ok: true, version: pkg.version });
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('GET /stats counts objects and bytes on disk', async () => {
    expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
    await t.putObject('abc');
    await t.putObject('de');
    expect(await t.stats()).toEqual({ objects: 2, bytes: 5 });
  });

  it('unknown routes are 404 NotFound with kind "route"', async () => {
    expect(await expectError(await t.call('GET', '/nope'), 404, 'NotFound')).toEqual({ kind: 'route', name: 'GET /api/v1/nope' });
    expect(await expectError(await t.call('GET', '/collections/acme/x'), 404, 'NotFound')).toEqual({ kind: 'route', name: 'GET /api/v1/collections/acme/x' });
    expect(await expectError(await fetch(`${t.url}/`), 404, 'NotFound')).toEqual({ kind: 'route', name: 'GET /' });
  });

  it('a known path with a method it does not answer is 405 MethodNotAllowed with Allow', async () => {
    const health = await t.call('DELETE', '/health');
    expect(health.headers.get('allow')).toBe('GET, HEAD');
    expect(await expectError(health, 405, 'MethodNotAllowed')).toEqual({ method: 'DELETE', path: '/api/v1/health', allowed: ['GET', 'HEAD'] });
    // Parameters match any one segment, as in express.
    const alias = await t.call('GET', '/collections/acme/p/n/aliases/best');
    expect(alias.headers.get('allow')).toBe('DELETE, PUT');
    expect(await expectError(alias, 405, 'MethodNotAllowed')).toMatchObject({ method: 'GET', allowed: ['DELETE', 'PUT'] });
    const objects = await t.call('PATCH', `/objects/b3:${'0'.repeat(64)}`);
    expect(await expectError(objects, 405, 'MethodNotAllowed')).toMatchObject({ allowed: ['GET', 'HEAD', 'PUT'] });
  });

  it('OPTIONS on a known path is 204 with every method its routes answer, without a key; on an unknown path it is 404 as any method', async () => {
    const collection = await fetch(`${t.url}/api/v1/collections/acme/p/n`, { method: 'OPTIONS' });
    expect(collection.status).toBe(204);
    expect(collection.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS');
    expect(await collection.text()).toBe('');
    const alias = await t.call('OPTIONS', '/collections/acme/p/n/aliases/best');
    expect(alias.headers.get('allow')).toBe('DELETE, OPTIONS, PUT');
    expect(await expectError(await t.call('OPTIONS', '/nope'), 404, 'NotFound')).toEqual({ kind: 'route', name: 'OPTIONS /api/v1/nope' });
  });

  it('a malformed %-escape in the path is a 400, not a 500', async () => {
    await expectError(await t.call('GET', '/collections/acme/x/%E0%A4%A'), 400, 'InvalidArgument');
    expect(t.logged).toEqual([]);
  });
});

describe('unexpected errors', () => {
  it('become 500 Internal with a generic message, logged, without stack or disk paths', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    const store = Store.open(dataDir);
    bootstrapAdmin(store, TEST_ADMIN_KEY);
    const logged: unknown[] = [];
    // A store whose disk has vanished: the underlying error names a path.
    store.objects.list = async function* () {
      throw new Error(`ENOENT: no such file or directory, scandir '${dataDir}/objects'`);
    };
    const server: Server = createServer(createApp(store, { logError: (e) => logged.push(e) }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/stats`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      });
      const text = await res.clone().text();
      expect(await expectError(res, 500, 'Internal')).toEqual({});
      expect(JSON.parse(text).error.message).toBe('internal server error');
      expect(text).not.toContain(dataDir);
      expect(text).not.toContain('ENOENT');
      expect(logged).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('startServer', () => {
  it('refuses a port already in use with ListenFailed, before it creates a data directory or an admin key', async () => {
    const first = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    const second = join(mkdtempSync(join(tmpdir(), 'arca-server-test-')), 'data');
    const running = await startServer({ dataDir: first, port: 0, notice: () => {} });
    const notices: string[] = [];
    try {
      await expect(startServer({ dataDir: second, port: running.port, notice: (m) => notices.push(m) })).rejects.toMatchObject({
        code: 'ListenFailed',
        data: { host: '127.0.0.1', port: running.port, reason: 'address in use' },
      });
      expect(existsSync(second)).toBe(false);
      expect(notices).toEqual([]);
    } finally {
      await running.close();
      rmSync(first, { recursive: true, force: true });
      rmSync(join(second, '..'), { recursive: true, force: true });
    }
  });

  it('creates a new data directory for its own user only: another user of the machine cannot list or read its objects and databases without a key', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    const dataDir = join(parent, 'data');
    const running = await startServer({ dataDir, port: 0, adminKey: TEST_ADMIN_KEY, notice: () => {} });
    try {
      const bytes = Buffer.from('acme weights');
      const digest = hashBytes(bytes);
      const put = await fetch(`${running.url}/api/v1/objects/${digest}`, { method: 'PUT', headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` }, body: bytes });
      expect(put.status).toBe(201);
      // Objects are 0444 and the databases 0644 under the umask: the directory is what keeps other users out.
      expect(statSync(dataDir).mode & 0o077).toBe(0);
    } finally {
      await running.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('one server per data directory: a second is DataDirInUse until the first closes; a dead holder is taken over', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    try {
      const first = await startServer({ dataDir, port: 0 });
      await expect(startServer({ dataDir, port: 0 })).rejects.toMatchObject({ code: 'DataDirInUse', data: { dataDir, host: hostname(), pid: process.pid } });
      // The refused start left the first one working.
      expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);
      await first.close();
      const second = await startServer({ dataDir, port: 0 });
      await second.close();

      // A lock left by a process that is gone (a kill -9): the next start takes over.
      const store = Store.open(dataDir);
      store.refs.db.prepare("INSERT OR REPLACE INTO server_lock (id, host, pid, token, started_at) VALUES (1, ?, 2147483646, 'x', 'then')").run(hostname());
      // One on another host cannot be checked: it holds, unless told to take over.
      await store.close();
      const third = await startServer({ dataDir, port: 0 });
      await third.close();
      const again = Store.open(dataDir);
      again.refs.db.prepare("INSERT OR REPLACE INTO server_lock (id, host, pid, token, started_at) VALUES (1, 'elsewhere', 1, 'x', 'then')").run();
      await again.close();
      await expect(startServer({ dataDir, port: 0 })).rejects.toMatchObject({ code: 'DataDirInUse', data: { host: 'elsewhere' } });
      await (await startServer({ dataDir, port: 0, takeOver: true })).close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a lock row left by an earlier process with our own pid (PID 1 in a restarted container) is taken over; our own live lock is not', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    try {
      // What `docker restart` or a pod's container restart after a SIGKILL leaves: same host name, same pid (1), another process.
      const store = Store.open(dataDir);
      store.refs.db.prepare("INSERT OR REPLACE INTO server_lock (id, host, pid, token, started_at) VALUES (1, ?, ?, 'from-the-killed-pid-1', 'then')").run(hostname(), process.pid);
      await store.close();
      const restarted = await startServer({ dataDir, port: 0 });
      try {
        expect((await fetch(`${restarted.url}/api/v1/health`)).status).toBe(200);
        // The lock this process holds now still refuses a second server in it.
        await expect(startServer({ dataDir, port: 0 })).rejects.toMatchObject({ code: 'DataDirInUse', data: { pid: process.pid } });
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('listens, and close() returns promptly despite an idle keep-alive connection, closing the store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    try {
      const server = await startServer({ dataDir, port: 0 });
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const res = await fetch(`${server.url}/api/v1/health`);
      expect(res.status).toBe(200);
      await res.json();
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(1000);
      await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
      // The store is closed: its database can be opened and closed again by someone else.
      await Store.open(dataDir).close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
