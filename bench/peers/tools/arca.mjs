// Arca as a peer: `arca server` on the embedded default (SQLite + local files) and
// the real `arca` CLI, each process with its peak RSS (and, when profiling, a CPU profile).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_KEY, BIN, createBenchTeams, fresh, ROOT, timed } from '../../lib.mjs';
import { diskBytes, once1 } from '../proc.mjs';

const PRELOAD = join(ROOT, 'bench/maxrss-preload.mjs');
let rssCounter = 0;

/**
 * `profileDir`: when set, client and server run with --cpu-prof writing there.
 * `keepData`: serve what an earlier session in the same `work` folder stored.
 */
export async function arcaSession(work, { profileDir, keepData = false } = {}) {
  const data = keepData ? join(work, 'arca-data') : fresh(join(work, 'arca-data'));
  const profFlags = (tag) => (profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, tag)] : []);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const rssOut = join(work, `arca-server-rss-${rssCounter++}`);
  const child = spawn(process.execPath, [...profFlags('server'), '--import', PRELOAD, BIN, 'server', '--data', data, '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ARCA_ADMIN_KEY: BENCH_KEY, ARCA_BENCH_RSS_OUT: rssOut },
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  const { url } = JSON.parse(line);
  await createBenchTeams(url);
  const clientCache = fresh(join(work, 'arca-client-cache'));
  let pulls = 0;
  const cli = (args, cache = clientCache) =>
    timed('arca', [...profFlags('client'), BIN, ...args, '--json'], { env: { ARCA_URL: url, ARCA_API_KEY: BENCH_KEY, ARCA_CACHE_DIR: cache }, node: true });
  const result = (r) => ({ seconds: r.seconds, clientRss: r.rss, json: JSON.parse(r.stdout) });

  return {
    tool: 'arca',
    url,
    /** What a raw HTTP request to this server must carry (the bench admin's key). */
    headers: { authorization: `Bearer ${BENCH_KEY}` },
    async logFile(path, name) {
      const r = result(await cli(['log', `bench/${name}/data`, path, '--type', 'blob']));
      return { ...r, handle: `bench/${name}/data:latest` };
    },
    async logDir(dir, name) {
      const r = result(await cli(['log', `bench/${name}/data`, dir, '--type', 'raw_images']));
      return { ...r, handle: `bench/${name}/data:latest` };
    },
    /** Into an empty folder with an empty client cache, as on another machine. */
    async pull(handle, dst) {
      return result(await cli(['pull', handle, dst], fresh(join(work, `arca-pull-cache-${pulls++}`))));
    },
    async logCheckpoints(files, workFile) {
      const perSave = [];
      let clientRss = 0;
      for (const f of files) {
        copyFileSync(f, workFile);
        const r = await cli(['log', 'bench/ckpt/model', workFile, '--type', 'model']);
        perSave.push(r.seconds);
        clientRss = Math.max(clientRss, r.rss);
      }
      return { seconds: perSave.reduce((a, b) => a + b, 0), perSave, clientRss };
    },
    cli,
    storedNow: () => diskBytes(data),
    stop: once1(async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
      let serverRss = NaN;
      try {
        serverRss = Number(readFileSync(rssOut, 'utf8')) * 1024;
        rmSync(rssOut);
      } catch {}
      return { serverRss, storedBytes: diskBytes(data), clientCacheBytes: diskBytes(clientCache) };
    }),
  };
}
