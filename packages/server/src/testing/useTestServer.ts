import { buildTree, hashBytes, Store, type Role, type TreeEntry } from '@arca/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../startServer.js';

/** The site admin's key of every test server (given as ARCA_ADMIN_KEY would be). */
export const TEST_ADMIN_KEY = 'arca_test-admin_0123456789abcdefghijklmnopqrstuvwxyz';

/** Teams every test server starts with, as a site admin would have made them (only teams hold collections). */
export const TEST_TEAMS = ['acme', 'other', 'globex'];

/** Creates TEST_TEAMS in a data directory, for tests that start a server of their own. */
export async function seedTestTeams(dataDir: string): Promise<void> {
  const store = Store.open(dataDir);
  for (const team of TEST_TEAMS) if (!store.access.teamByName(team)) store.access.createTeam(team, new Date().toISOString());
  await store.close();
}

export interface CallInit {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** The API key sent as bearer token: the site admin's unless given; null sends none. */
  key?: string | null;
}

export interface TestServer {
  url: string;
  dataDir: string;
  /** The running server itself (its close(), eventListeners()). */
  server: RunningServer;
  /** Errors the server logged (500s); tests that expect none check it is empty. */
  logged: unknown[];
  /** fetch under /api/v1 with JSON encoding of `json` bodies. */
  call(method: string, path: string, init?: CallInit): Promise<Response>;
  /**
   * Creates a user (as the site admin) with the given team roles (teams are
   * created when missing) and returns a new key of theirs.
   */
  user(name: string, opts?: { teams?: Record<string, Role>; serviceAccount?: boolean; readOnly?: boolean }): Promise<string>;
  /**
   * The key of user `name`, admin of `teams` (acme by default), created on first
   * use in this test: for tests that check who the ref log names.
   */
  keyFor(name: string, teams?: string[]): Promise<string>;
  /** Uploads bytes as one object; returns its digest. */
  putObject(bytes: Uint8Array | string): Promise<string>;
  /** Uploads every file and the tree built from them; returns the tree digest. */
  putTree(files: Record<string, string>, order?: string[]): Promise<string>;
  /** Uploads and commits `files` as a version; returns the response. */
  commit(collection: string, files: Record<string, string>, extra?: Record<string, unknown>, key?: string): Promise<Response>;
  /** Commits `n` model versions of `collection` (`model.onnx` = `weights <i>`), failing unless each is created; returns them in order. */
  commitModels(collection: string, n: number): Promise<{ digest: string; version: string }[]>;
  stats(): Promise<{ objects: number; bytes: number }>;
  log(collection: string): Promise<unknown[]>;
}

/**
 * A real server on 127.0.0.1:0 over a fresh temp data dir per test, closed and
 * removed after it; `options` are passed to startServer (short timings, say).
 */
export function useTestServer(options: Partial<Omit<ServerOptions, 'dataDir' | 'port' | 'logError'>> = {}): TestServer {
  let running: RunningServer | undefined;
  const t = { logged: [] as unknown[] } as TestServer;

  const keys = new Map<string, string>();

  beforeEach(async () => {
    keys.clear();
    t.dataDir = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    t.logged = [];
    await seedTestTeams(t.dataDir);
    running = await startServer({ ...options, dataDir: t.dataDir, port: 0, adminKey: TEST_ADMIN_KEY, logError: (err) => {
      t.logged.push(err);
      // A 500 hides its cause from the client by design; the test's output shows it.
      console.error('arca-server (test) logged:', err);
    } });
    t.url = running.url;
    t.server = running;
  });

  afterEach(async () => {
    await running?.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  t.call = (method, path, init = {}) => {
    const headers: Record<string, string> = {};
    const key = init.key === undefined ? TEST_ADMIN_KEY : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    Object.assign(headers, init.headers);
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${t.url}/api/v1${path}`, { method, headers, body });
  };

  t.user = async (name, opts = {}) => {
    const ok = async (res: Promise<Response>, statuses: number[]) => {
      const r = await res;
      expect(statuses, await r.clone().text()).toContain(r.status);
      return r;
    };
    await ok(t.call('POST', '/users', { json: { name, serviceAccount: opts.serviceAccount ?? false } }), [201]);
    for (const [team, role] of Object.entries(opts.teams ?? {})) {
      await ok(t.call('POST', '/teams', { json: { name: team } }), [201, 409]);
      await ok(t.call('PUT', `/teams/${team}/members/${name}`, { json: { role } }), [200]);
    }
    const res = await ok(t.call('POST', '/keys', { json: { user: name, readOnly: opts.readOnly ?? false } }), [201]);
    return ((await res.json()) as { secret: string }).secret;
  };

  t.keyFor = async (name, teams = ['acme']) => {
    let key = keys.get(name);
    if (key === undefined) {
      key = await t.user(name, { teams: Object.fromEntries(teams.map((team) => [team, 'admin' as const])) });
      keys.set(name, key);
    }
    return key;
  };

  t.putObject = async (bytes) => {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    const digest = hashBytes(buf);
    const res = await t.call('PUT', `/objects/${digest}`, { body: buf });
    // A 500 hides its cause from the client (by design); the test needs it.
    if (res.status !== 200 && res.status !== 201) throw new Error(`PUT /objects/${digest}: HTTP ${res.status} ${await res.text()}; server logged: ${t.logged.map(String).join(' | ')}`);
    return digest;
  };

  t.putTree = async (files, order = Object.keys(files)) => {
    const entries: TreeEntry[] = [];
    for (const path of order) {
      const content = files[path]!;
      entries.push({ path, size: Buffer.byteLength(content), digest: await t.putObject(content) });
    }
    const tree = buildTree(entries);
    return t.putObject(tree.bytes);
  };

  t.commit = async (collection, files, extra = {}, key) => {
    const tree = await t.putTree(files);
    return t.call('POST', `/collections/${collection}/versions`, { json: { type: 'dataset', tree, ...extra }, ...(key ? { key } : {}) });
  };

  t.commitModels = async (collection, n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const res = await t.commit(collection, { 'model.onnx': `weights ${i}` }, { type: 'model' });
      if (res.status !== 201) throw new Error(`commit ${i} of ${collection}: HTTP ${res.status} ${await res.text()}`);
      out.push(((await res.json()) as { version: { digest: string; version: string } }).version);
    }
    return out;
  };

  t.stats = async () => (await (await t.call('GET', '/stats')).json()) as { objects: number; bytes: number };

  t.log = async (collection) => {
    const res = await t.call('GET', `/collections/${collection}/log`);
    if (res.status === 404) return [];
    return ((await res.json()) as { entries: unknown[] }).entries;
  };

  return t;
}
