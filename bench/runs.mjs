// Metric appends through the SDK against a real server in this process (pnpm build first):
// rows per second by batch size (flushRows=1 is one request, one transaction and one fsync per
// row), then a read of one 100 000-point series and a run with its summary.
// Usage: node bench/runs.mjs [rows, default 100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_KEY, createBenchTeams } from './lib.mjs';
const { startServer } = await import('../packages/server/dist/index.js');
const { ArcaClient } = await import('../packages/client/dist/index.js');
const dir = mkdtempSync(join(tmpdir(), 'arca-bench-runs-'));
const server = await startServer({ dataDir: dir, port: 0, adminKey: BENCH_KEY, logError: () => {} });
await createBenchTeams(server.url);
const arca = new ArcaClient({ url: server.url, apiKey: BENCH_KEY, cacheDir: join(dir, 'cache') });
const ROWS = Number(process.argv[2] ?? 100000);
for (const flushRows of [1, 100, 1000, 10000]) {
  const n = flushRows === 1 ? 2000 : ROWS;
  const run = await arca.initRun({ entity: 'b', project: 'p', flushRows, flushIntervalMs: 60000 });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    run.log({ loss: Math.random(), acc: Math.random(), lr: 0.001, 'grad/norm': Math.random() });
    if (flushRows === 1) await run.flush();
  }
  await run.finish();
  const s = (performance.now() - t0) / 1000;
  console.log(`flushRows=${flushRows}: ${n} rows x 4 keys in ${s.toFixed(2)} s = ${Math.round(n / s)} rows/s`);
}
const run = (await arca.runs.list('b', 'p')).runs[1];
let t0 = performance.now();
const series = await arca.runs.readMetrics(run.path, { keys: ['loss'], limit: 100000 });
console.log(`read ${series[0].steps.length} points of one key in ${(performance.now() - t0).toFixed(0)} ms`);
t0 = performance.now();
for (let i = 0; i < 100; i++) await arca.runs.get(run.path);
console.log(`GET run (summary of 4 keys over ${ROWS} rows): ${((performance.now() - t0) / 100).toFixed(1)} ms each`);
await server.close();
rmSync(dir, { recursive: true, force: true });
