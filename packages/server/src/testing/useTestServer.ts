import { buildTree, hashBytes, type TreeEntry } from '@arca/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../startServer.js';

export interface TestServer {
  url: string;
  dataDir: string;
  /** The running server itself (its close(), eventListeners()). */
  server: RunningServer;
  /** Errors the server logged (500s); tests that expect none check it is empty. */
  logged: unknown[];
  /** fetch under /api/v1 with JSON encoding of `json` bodies. */
  call(method: string, path: string, init?: { json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<Response>;
  /** Uploads bytes as one object; returns its digest. */
  putObject(bytes: Uint8Array | string): Promise<string>;
  /** Uploads every file and the tree built from them; returns the tree digest. */
  putTree(files: Record<string, string>, order?: string[]): Promise<string>;
  /** Uploads and commits `files` as a version; returns the response. */
  commit(collection: string, files: Record<string, string>, extra?: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
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

  beforeEach(async () => {
    t.dataDir = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    t.logged = [];
    running = await startServer({ ...options, dataDir: t.dataDir, port: 0, logError: (err) => t.logged.push(err) });
    t.url = running.url;
    t.server = running;
  });

  afterEach(async () => {
    await running?.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  t.call = (method, path, init = {}) => {
    const headers = { ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${t.url}/api/v1${path}`, { method, headers, body });
  };

  t.putObject = async (bytes) => {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    const digest = hashBytes(buf);
    const res = await t.call('PUT', `/objects/${digest}`, { body: buf });
    expect([200, 201]).toContain(res.status);
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

  t.commit = async (collection, files, extra = {}, headers) => {
    const tree = await t.putTree(files);
    return t.call('POST', `/collections/${collection}/versions`, { json: { type: 'dataset', tree, ...extra }, headers });
  };

  t.stats = async () => (await (await t.call('GET', '/stats')).json()) as { objects: number; bytes: number };

  t.log = async (collection) => {
    const res = await t.call('GET', `/collections/${collection}/log`);
    if (res.status === 404) return [];
    return ((await res.json()) as { entries: unknown[] }).entries;
  };

  return t;
}
