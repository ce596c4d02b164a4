// Figures for the foundation's speed and storage targets (issue 2), all measured in
// one run on this machine, against `cp` of the same bytes on the same disk.
// Usage: node bench/foundation.mjs [--big-mib 1024] [--files 10000] [--ckpt-mib 100] [--runs 3]
// Warm page cache throughout (no privileges to drop it); figures are ratios.
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { arca, CACHE, dirBytes, ensureRandomFile, fillRandom, fmt, fresh, GiB, mib, MiB, startServer, timed } from './lib.mjs';

const { values } = parseArgs({
  options: {
    'big-mib': { type: 'string', default: '1024' },
    files: { type: 'string', default: '10000' },
    'ckpt-mib': { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
  },
});
const bigSize = Number(values['big-mib']) * MiB;
const fileCount = Number(values.files);
const ckptSize = Number(values['ckpt-mib']) * MiB;
const runs = Number(values.runs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = fresh(join(CACHE, 'work'));
const results = {};

async function medianOf(n, fn) {
  const xs = [];
  for (let i = 0; i < n; i++) xs.push(await fn(i));
  return { median: median(xs.map((x) => x.seconds)), runs: xs };
}

// 1. One big file: cp, log, log again unchanged, pull; then log and pull over HTTP.
// `cp` of 1 GiB here took anywhere from 0.5 s to 2.5 s within one run (all system time,
// worst after the logs), while a pull next to it did not slow down alike. So `cp` is
// timed right before each log and each pull, and every ratio is taken against the
// fastest `cp` of the run: the conservative choice, which no slow `cp` can flatter.
const big = ensureRandomFile(join(CACHE, `big-${bigSize}.bin`), bigSize, 1);
const timeCp = async () => {
  rmSync(join(work, 'cp.bin'), { force: true });
  const r = await timed('cp', [big, join(work, 'cp.bin')]);
  rmSync(join(work, 'cp.bin'), { force: true });
  return r.seconds;
};
// The durable physical limit: the server fsyncs every object, so a log can at best
// match a copy that is also flushed to disk. `cp` then `sync` of the copy, timed together.
const cpThenSync = await medianOf(runs, async () => {
  const dst = join(work, 'cp-sync.bin');
  rmSync(dst, { force: true });
  const r = await timed('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'sh', big, dst]);
  rmSync(dst, { force: true });
  return r;
});
const cpBeforeLog = [];
const cpBeforePull = [];
const cpBeforePullHttp = [];
const logRuns = [];
const relogRuns = [];
const relogColdRuns = [];
const pullRuns = [];
const pullOneThreadRuns = [];
const pullHttpRuns = [];
const logHttpRuns = [];
let serverRss = 0;
for (let i = 0; i < runs; i++) {
  const data = fresh(join(work, `data-big-${i}`));
  const server = await startServer(data);
  const env = { ARCA_URL: server.url, ARCA_CACHE_DIR: fresh(join(work, `cache-${i}`)) };
  cpBeforeLog.push(await timeCp());
  logRuns.push(await arca(['log', 'bench/big/file', big, '--type', 'blob'], env));
  relogRuns.push(await arca(['log', 'bench/big/file', big, '--type', 'blob'], env));
  relogColdRuns.push(await arca(['log', 'bench/big/file', big, '--type', 'blob'], { ...env, ARCA_CACHE_DIR: fresh(join(work, `cache-cold-${i}`)) }));
  const pullDir = join(work, `pull-${i}`);
  rmSync(pullDir, { recursive: true, force: true });
  // The server is on this machine, so a pull reads its files (decision 022); the same
  // pull over HTTP, as from another machine, is reported beside it.
  cpBeforePull.push(await timeCp());
  pullRuns.push(await arca(['pull', 'bench/big/file:latest', pullDir], { ...env, ARCA_CACHE_DIR: fresh(join(work, `cache-pull-${i}`)) }));
  rmSync(pullDir, { recursive: true, force: true });
  // The same pull as where Arca was built without Rust: one thread copies, another hashes (decision 025).
  pullOneThreadRuns.push(await arca(['pull', 'bench/big/file:latest', pullDir], { ...env, ARCA_CACHE_DIR: fresh(join(work, `cache-pull-one-${i}`)), ARCA_PIECE_COPY: '0' }));
  rmSync(pullDir, { recursive: true, force: true });
  cpBeforePullHttp.push(await timeCp());
  pullHttpRuns.push(await arca(['pull', 'bench/big/file:latest', pullDir], { ...env, ARCA_CACHE_DIR: fresh(join(work, `cache-pull-http-${i}`)), ARCA_LOCAL_READS: '0' }));
  rmSync(pullDir, { recursive: true, force: true });
  serverRss = Math.max(serverRss, await server.stop());
  rmSync(data, { recursive: true, force: true });
  // A log writes through the (local) server's staging folder (decision 024); the same
  // log over HTTP, as from another machine, goes to a second empty server.
  const dataHttp = fresh(join(work, `data-big-http-${i}`));
  const serverHttp = await startServer(dataHttp);
  logHttpRuns.push(await arca(['log', 'bench/big/file', big, '--type', 'blob'], { ARCA_URL: serverHttp.url, ARCA_CACHE_DIR: fresh(join(work, `cache-http-${i}`)), ARCA_LOCAL_WRITES: '0' }));
  await serverHttp.stop();
  rmSync(dataHttp, { recursive: true, force: true });
}
results.bigFile = {
  bytes: bigSize,
  cpSeconds: Math.min(...cpBeforeLog, ...cpBeforePull, ...cpBeforePullHttp),
  cpSyncSeconds: cpThenSync.median,
  logSeconds: median(logRuns.map((r) => r.seconds)),
  logHttpSeconds: median(logHttpRuns.map((r) => r.seconds)),
  relogSeconds: median(relogRuns.map((r) => r.seconds)),
  relogColdCacheSeconds: median(relogColdRuns.map((r) => r.seconds)),
  pullSeconds: median(pullRuns.map((r) => r.seconds)),
  pullOneThreadSeconds: median(pullOneThreadRuns.map((r) => r.seconds)),
  pullHttpSeconds: median(pullHttpRuns.map((r) => r.seconds)),
  // Every run, not just the median: on a shared machine one slow run explains a lot.
  allRuns: {
    cpBeforeLog,
    log: logRuns.map((r) => r.seconds),
    logHttp: logHttpRuns.map((r) => r.seconds),
    cpBeforePull,
    pull: pullRuns.map((r) => r.seconds),
    pullOneThread: pullOneThreadRuns.map((r) => r.seconds),
    cpBeforePullHttp,
    pullHttp: pullHttpRuns.map((r) => r.seconds),
  },
  // The same steps as the quarter file's below (the log over HTTP is not among them).
  clientPeakRss: Math.max(...logRuns.map((r) => r.rss), ...pullRuns.map((r) => r.rss), ...pullHttpRuns.map((r) => r.rss)),
  serverPeakRss: serverRss,
};

// 2. Memory stays flat with file size: the same log of a file a quarter the size.
{
  const quarter = ensureRandomFile(join(CACHE, `big-${bigSize / 4}.bin`), bigSize / 4, 2);
  const data = fresh(join(work, 'data-quarter'));
  const server = await startServer(data);
  const env = { ARCA_URL: server.url, ARCA_CACHE_DIR: fresh(join(work, 'cache-quarter')) };
  const log = await arca(['log', 'bench/big/quarter', quarter, '--type', 'blob'], env);
  const pullDir = join(work, 'pull-quarter');
  const pull = await arca(['pull', 'bench/big/quarter', pullDir], { ...env, ARCA_CACHE_DIR: fresh(join(work, 'cache-quarter-pull')) });
  rmSync(pullDir, { recursive: true, force: true });
  const pullHttp = await arca(['pull', 'bench/big/quarter', pullDir], { ...env, ARCA_CACHE_DIR: fresh(join(work, 'cache-quarter-pull-http')), ARCA_LOCAL_READS: '0' });
  const srv = await server.stop();
  rmSync(pullDir, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
  results.quarterFile = { bytes: bigSize / 4, clientPeakRss: Math.max(log.rss, pull.rss, pullHttp.rss), serverPeakRss: srv };
}

// 3. Many small files: 20-40 KiB each.
{
  const dir = join(CACHE, `small-${fileCount}`);
  let ok = false;
  try {
    ok = readdirSync(dir).length === 100;
  } catch {}
  if (!ok) {
    fresh(dir);
    const buf = Buffer.alloc(40 * 1024);
    for (let i = 0; i < fileCount; i++) {
      const sub = join(dir, `d${String(i % 100).padStart(2, '0')}`);
      if (i < 100) mkdirSync(sub, { recursive: true });
      const size = 20 * 1024 + ((i * 7919) % (20 * 1024));
      writeFileSync(join(sub, `img_${i}.jpg`), fillRandom(buf, 5000 + i).subarray(0, size));
    }
  }
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const data = fresh(join(work, `data-small-${i}`));
    const server = await startServer(data);
    xs.push(await arca(['log', 'bench/small/images', dir, '--type', 'raw_images'], { ARCA_URL: server.url, ARCA_CACHE_DIR: fresh(join(work, `cache-small-${i}`)) }));
    await server.stop();
    rmSync(data, { recursive: true, force: true });
  }
  const seconds = median(xs.map((x) => x.seconds));
  results.smallFiles = { files: fileCount, bytes: dirBytes(dir), logSeconds: seconds, filesPerSecond: fileCount / seconds };
}

// 4. Five checkpoints of a model where 2 MiB change between saves.
{
  const data = fresh(join(work, 'data-ckpt'));
  const server = await startServer(data);
  const env = { ARCA_URL: server.url, ARCA_CACHE_DIR: fresh(join(work, 'cache-ckpt')) };
  const ckpt = join(work, 'model.onnx');
  cpSync(ensureRandomFile(join(CACHE, `ckpt-${ckptSize}.bin`), ckptSize, 3), ckpt);
  const region = Buffer.alloc(2 * MiB);
  for (let save = 0; save < 5; save++) {
    if (save > 0) {
      // Fine-tuning touches the same layers each time: the same 2 MiB region, new values.
      const fd = openSync(ckpt, 'r+');
      writeSync(fd, fillRandom(region, 900 + save), 0, region.length, Math.floor(ckptSize * 0.6));
      closeSync(fd);
    }
    await arca(['log', 'bench/ckpt/model', ckpt, '--type', 'model'], env);
  }
  await server.stop();
  const stored = dirBytes(join(data, 'objects'));
  results.checkpoints = { checkpointBytes: ckptSize, saves: 5, storedBytes: stored, ratio: stored / ckptSize };
  rmSync(data, { recursive: true, force: true });
}

rmSync(work, { recursive: true, force: true });
writeFileSync(join(CACHE, 'foundation.json'), JSON.stringify(results, null, 2));

const b = results.bigFile;
const q = results.quarterFile;
const lines = [
  ['log 1 file / fastest cp', `${fmt(b.logSeconds)}s / ${fmt(b.cpSeconds)}s`, b.logSeconds / b.cpSeconds, '<= 2'],
  ['log 1 file / (cp + sync)', `${fmt(b.logSeconds)}s / ${fmt(b.cpSyncSeconds)}s`, b.logSeconds / b.cpSyncSeconds, '<= 2'],
  ['log 1 file over HTTP / (cp + sync)', `${fmt(b.logHttpSeconds)}s / ${fmt(b.cpSyncSeconds)}s`, b.logHttpSeconds / b.cpSyncSeconds, '(info)'],
  ['pull 1 file / fastest cp', `${fmt(b.pullSeconds)}s / ${fmt(b.cpSeconds)}s`, b.pullSeconds / b.cpSeconds, '<= 2'],
  ['pull 1 file, no Rust addon / fastest cp', `${fmt(b.pullOneThreadSeconds)}s / ${fmt(b.cpSeconds)}s`, b.pullOneThreadSeconds / b.cpSeconds, '(info)'],
  ['pull 1 file over HTTP / fastest cp', `${fmt(b.pullHttpSeconds)}s / ${fmt(b.cpSeconds)}s`, b.pullHttpSeconds / b.cpSeconds, '(info)'],
  ['relog unchanged / first log', `${fmt(b.relogSeconds)}s / ${fmt(b.logSeconds)}s`, b.relogSeconds / b.logSeconds, '< 0.1'],
  ['relog, cold client cache / first log', `${fmt(b.relogColdCacheSeconds)}s / ${fmt(b.logSeconds)}s`, b.relogColdCacheSeconds / b.logSeconds, '(info)'],
  ['small files per second', `${results.smallFiles.files} in ${fmt(results.smallFiles.logSeconds)}s`, results.smallFiles.filesPerSecond, '>= 2000'],
  ['5 checkpoints stored / one', `${mib(results.checkpoints.storedBytes)} / ${mib(results.checkpoints.checkpointBytes)}`, results.checkpoints.ratio, '<= 1.2'],
  ['client peak RSS, file x4', `${mib(q.clientPeakRss)} -> ${mib(b.clientPeakRss)}`, b.clientPeakRss / q.clientPeakRss, '~1 (flat)'],
  ['server peak RSS, file x4', `${mib(q.serverPeakRss)} -> ${mib(b.serverPeakRss)}`, b.serverPeakRss / q.serverPeakRss, '~1 (flat)'],
];
console.log(`\nArca foundation bench: ${mib(bigSize)} file, ${fileCount} small files, ${mib(ckptSize)} checkpoints, median of ${runs}`);
for (const [what, detail, ratio, target] of lines) {
  console.log(`${what.padEnd(42)} ${detail.padEnd(28)} ${fmt(ratio).padStart(8)}  target ${target}`);
}
console.log(`raw figures: ${join(CACHE, 'foundation.json')}`);
