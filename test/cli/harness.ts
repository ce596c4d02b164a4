import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { runCli, TEST_ADMIN_KEY, useServer, useTempDir, type CliResult } from '../../packages/test-utils/dist/index.js';

export type Result = CliResult & { json<T = any>(): T };

export interface ArcaError {
  code: string;
  message: string;
  data: Record<string, unknown>;
}

/** The `{"error": {...}}` a `--json` run wrote to stderr. */
export function errorOf(r: CliResult): ArcaError {
  const lines = r.stderr.trim().split('\n');
  return (JSON.parse(lines[lines.length - 1]!) as { error: ArcaError }).error;
}

export interface Env {
  ARCA_URL: string;
  ARCA_API_KEY: string;
  ARCA_CACHE_DIR: string;
}

/** Calls the API as the test server's site admin; throws unless the answer is 2xx. */
export async function adminCall(url: string, method: string, path: string, json?: unknown): Promise<any> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Creates `name` with these team roles (creating the teams) and returns a new key of theirs. */
export async function userWithKey(url: string, name: string, teams: Record<string, string>, opts: { readOnly?: boolean; serviceAccount?: boolean } = {}): Promise<string> {
  await adminCall(url, 'POST', '/users', { name, serviceAccount: opts.serviceAccount ?? false });
  for (const [team, role] of Object.entries(teams)) {
    await adminCall(url, 'POST', '/teams', { name: team }).catch((err: Error) => {
      if (!/409/.test(err.message)) throw err;
    });
    await adminCall(url, 'PUT', `/teams/${team}/members/${name}`, { role });
  }
  return (await adminCall(url, 'POST', '/keys', { user: name, readOnly: opts.readOnly ?? false })).secret as string;
}

/**
 * A command that has not exited after this long is killed (signal SIGKILL in its
 * result), so a hung process fails its test's assertions instead of outliving it.
 */
export const CLI_TIMEOUT_MS = 20_000;

/** Runs `arca ...args --json` with the given environment, from `cwd`. */
export function arcaWith(env: Env, cwd: string) {
  return (...args: string[]): Promise<Result> =>
    runCli([...args, '--json'], { env: { ...env }, cwd, timeoutMs: CLI_TIMEOUT_MS }) as Promise<Result>;
}

/**
 * Per test: a temp root, a real in-process server on `<root>/server-data`, and
 * `arca` run as a child process against it with its cache under the root. It
 * runs as the site admin (`admin` in the ref log), or, given `user`, as a new
 * user who is admin of the teams `acme` and `e` that the tests write to.
 */
export function useArca() {
  const tempDir = useTempDir('arca-cli-');
  const startServer = useServer();
  return async (user?: string) => {
    const root = tempDir();
    const server = await startServer(join(root, 'server-data'));
    const key = user === undefined ? TEST_ADMIN_KEY : await userWithKey(server.url, user, { acme: 'admin', e: 'admin' });
    const env: Env = { ARCA_URL: server.url, ARCA_API_KEY: key, ARCA_CACHE_DIR: join(root, 'cache') };
    return { root, server, env, arca: arcaWith(env, root), tempDir };
  };
}

/** Writes files given as relative path → content under `dir`. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Every regular file below `dir` as relative path → sha256 (for byte-identity checks). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Random bytes, `size` long (incompressible, and unlike any other call's). */
export function randomFile(path: string, size: number): string {
  mkdirSync(dirname(path), { recursive: true });
  const chunk = 8 * 1024 * 1024;
  writeFileSync(path, '');
  for (let done = 0; done < size; done += chunk) writeFileSync(path, randomBytes(Math.min(chunk, size - done)), { flag: 'a' });
  return path;
}

/**
 * Files the server has stored objects in: loose objects under `objects/ab/`
 * and pack files under `objects/packs/` (the pack index is not counted).
 */
export function countObjectFiles(dataDir: string): number {
  const objects = join(dataDir, 'objects');
  let n = 0;
  let subs: string[];
  try {
    subs = readdirSync(objects);
  } catch {
    return 0;
  }
  for (const sub of subs) {
    const p = join(objects, sub);
    try {
      if (!statSync(p).isDirectory()) continue;
      n += readdirSync(p).filter((name) => sub !== 'packs' || name.endsWith('.pack')).length;
    } catch {
      // removed meanwhile
    }
  }
  return n;
}

/**
 * Flips one byte of a stored object wherever the server keeps it (a loose file
 * or inside a pack), found by its content so the test does not depend on the
 * layout. Returns the file changed.
 */
export function corruptStoredObject(dataDir: string, content: Buffer): string {
  const objects = join(dataDir, 'objects');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (!ent.name.includes('.sqlite')) files.push(p);
    }
  };
  walk(objects);
  for (const file of files) {
    const bytes = readFileSync(file);
    const at = bytes.indexOf(content);
    if (at < 0) continue;
    const mid = at + Math.floor(content.length / 2);
    bytes[mid] = bytes[mid]! ^ 0x40;
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);
    chmodSync(file, 0o444);
    return file;
  }
  throw new Error('object not found under the data dir');
}

export async function serverStats(url: string): Promise<{ objects: number; bytes: number }> {
  const res = await fetch(`${url.replace(/\/$/, '')}/api/v1/stats`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
  return (await res.json()) as { objects: number; bytes: number };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` every few ms until it is true; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Dates every file under `<dataDir>/objects` (loose objects and packs, not the
 * pack index) back by `ms`, as if written that long ago: what garbage
 * collection's grace period is measured against.
 */
export function ageObjects(dataDir: string, ms = 2 * 24 * 3600 * 1000): void {
  const when = new Date(Date.now() - ms);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.includes('.sqlite')) utimesSync(path, when, when);
    }
  };
  walk(join(dataDir, 'objects'));
}
