// Processes of the peers bench: timing a command with its peak memory, free ports,
// waiting for a server, the peak memory of a whole process tree, and disk usage.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CACHE } from '../lib.mjs';

let counter = 0;

/**
 * Runs a non-Node command under `/usr/bin/time -f %M`: resolves with wall seconds,
 * the peak RSS of the command (bytes; for a shell, its largest child) and stdout.
 */
export async function timedExternal(cmd, args, { cwd, env = {} } = {}) {
  const out = join(CACHE, `time-${process.pid}-${counter++}`);
  const t0 = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', out, cmd, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'close');
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let rss = NaN;
  try {
    // /usr/bin/time writes "Command exited with non-zero status N" before %M on failure.
    rss = Number(readFileSync(out, 'utf8').trim().split('\n').pop()) * 1024;
    rmSync(out);
  } catch {}
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-4000) || stdout.slice(-4000)}`);
  return { seconds, rss, stdout, stderr };
}

export async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Polls `url` until it answers 2xx, the child exits, or `timeoutMs` passes. */
export async function waitForHttp(url, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode} before it answered`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}: no answer within ${timeoutMs} ms`);
}

/** Every live descendant of `pid`, itself included (from /proc/<pid>/stat's ppid field). */
export function processTree(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {}
  }
  const all = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    all.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return all;
}

/**
 * Peak memory of a process tree: the sum of each live process's VmHWM (its own peak
 * RSS), in bytes. An upper bound of the tree's true simultaneous peak; read it just
 * before stopping the tree.
 */
export function treePeakRss(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {}
  }
  return total;
}

/** Bytes a folder takes on disk (allocated blocks, as `du` counts them). */
export function diskBytes(path) {
  if (!existsSync(path)) return 0;
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.blocks * 512;
  let total = st.blocks * 512;
  for (const name of readdirSync(path)) total += diskBytes(join(path, name));
  return total;
}

/** Apparent size of the regular files under a folder. */
export function fileBytes(path) {
  if (!existsSync(path)) return 0;
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.isFile() ? st.size : 0;
  let total = 0;
  for (const name of readdirSync(path)) total += fileBytes(join(path, name));
  return total;
}

/** `fn` called at most once; later calls get the first call's promise. */
export function once1(fn) {
  let p;
  return () => (p ??= fn());
}

/** Sends SIGTERM to a detached child's process group and waits for the leader to exit. */
export async function stopGroup(child, graceMs = 15_000) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, graceMs);
  await exited;
  clearTimeout(timer);
}
