// Shared plumbing of the bench scripts: data generation, timing, running the
// real `arca` binary and server, and reading peak memory.
import { execFileSync, spawn } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'packages/cli/bin/arca.js');
const PRELOAD = join(ROOT, 'bench/maxrss-preload.mjs');
export const CACHE = process.env.ARCA_BENCH_CACHE ?? join(ROOT, 'bench/.cache');

/** Fills `buf` with deterministic pseudo-random bytes (AES-128-CTR keyed by `seed`): fast and incompressible. */
export function fillRandom(buf, seed) {
  const key = createHash('sha256').update(`arca bench ${seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  buf.fill(0);
  cipher.update(buf).copy(buf);
  return buf;
}

/** Writes `size` deterministic bytes to `path` once; reuses the file on later runs. */
export function ensureRandomFile(path, size, seed) {
  if (existsSync(path) && statSync(path).size === size) return path;
  mkdirSync(join(path, '..'), { recursive: true });
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(16 * 1024 * 1024);
  for (let off = 0, i = 0; off < size; off += block.length, i++) {
    const n = Math.min(block.length, size - off);
    writeSync(fd, fillRandom(block, seed * 1000 + i), 0, n);
  }
  closeSync(fd);
  return path;
}

export function dirBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    total += st.isDirectory() ? dirBytes(p) : st.size;
  }
  return total;
}

export function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

let rssCounter = 0;
function rssFile() {
  return join(CACHE, `rss-${process.pid}-${rssCounter++}`);
}
function readRss(file) {
  try {
    const kib = Number(readFileSync(file, 'utf8'));
    rmSync(file);
    return kib * 1024;
  } catch {
    return NaN;
  }
}

/**
 * Runs a command; resolves with wall seconds and, for node commands, peak RSS bytes.
 * Starts from a flushed page cache (`sync`, untimed): otherwise the write-back of the
 * previous step's gigabyte lands on this one (10,000 small files measured 900 files/s
 * right after the 1 GiB runs, 2,100-2,700 on their own).
 */
export async function timed(cmd, args, { env = {}, node = false } = {}) {
  execFileSync('sync');
  const rss = rssFile();
  const argv = node ? ['--import', PRELOAD, ...args] : args;
  const t0 = process.hrtime.bigint();
  const child = spawn(node ? process.execPath : cmd, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, ARCA_BENCH_RSS_OUT: rss },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const [code] = await once(child, 'close');
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err || out}`);
  return { seconds, rss: node ? readRss(rss) : NaN, stdout: out };
}

/** The admin key of every bench server (ARCA_ADMIN_KEY), sent by every bench `arca` run (ARCA_API_KEY). */
export const BENCH_KEY = 'arca_bench-admin_0123456789abcdefghijklmnopqrstuvwxyz';

export function arca(args, env) {
  return timed('arca', [BIN, ...args, '--json'], { env: { ARCA_API_KEY: BENCH_KEY, ...env }, node: true });
}

/** Creates the teams the benches write to (only teams hold collections and runs), as the site admin. */
export async function createBenchTeams(url) {
  const { seedTeams } = await import('../packages/test-utils/dist/index.js');
  await seedTeams(url, { adminKey: BENCH_KEY, teams: ['bench', 'b'] });
}

/** Starts `arca server` on a free port, with the bench teams; `stop()` resolves with its peak RSS. */
export async function startServer(dataDir) {
  const rss = rssFile();
  const child = spawn(process.execPath, ['--import', PRELOAD, BIN, 'server', '--data', dataDir, '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ARCA_ADMIN_KEY: BENCH_KEY, ARCA_BENCH_RSS_OUT: rss },
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  const { url } = JSON.parse(line);
  await createBenchTeams(url);
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return readRss(rss);
    },
  };
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
export const mib = (bytes) => `${fmt(bytes / MiB, 1)} MiB`;
