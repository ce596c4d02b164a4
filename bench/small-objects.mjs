// Small objects: packs (one fsync per batch) against loose files (one fsync each).
// Needs `pnpm build` first. Usage: node bench/small-objects.mjs [objects=10000]
//
// 1. FsObjectStore.putBatch of N objects of 20-40 KiB in batches of ~8 MiB.
// 2. The same objects by per-object put, 32 in flight (what the server did before).
// 3. get of every object, packed and loose (a pack read opens, reads its range, closes).
// 4. End to end: a server in this process and `arca log` of a folder of N such files.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_KEY, BIN, CACHE, createBenchTeams, fillRandom, fmt } from './lib.mjs';

const { FsObjectStore, hashBytes } = await import('../packages/store/dist/index.js');
const { startServer } = await import('../packages/server/dist/index.js');

const N = Number(process.argv[2] ?? 10_000);
const BATCH_BYTES = 8 * 1024 * 1024;
const KiB = 1024;

const sizeOf = (i) => 20 * KiB + ((i * 7919) % (20 * KiB));
const block = Buffer.alloc(40 * KiB);
const objects = Array.from({ length: N }, (_, i) => {
  const bytes = Buffer.from(fillRandom(block, 5000 + i).subarray(0, sizeOf(i)));
  return { digest: hashBytes(bytes), bytes };
});
const totalBytes = objects.reduce((n, o) => n + o.bytes.length, 0);
console.log(`${N} objects, ${fmt(totalBytes / 1024 / 1024, 1)} MiB`);

const work = mkdtempSync(join(tmpdir(), 'arca-bench-small-'));
try {
  // 1. putBatch
  const packed = new FsObjectStore(join(work, 'packed'));
  let t0 = performance.now();
  let batch = [];
  let batchBytes = 0;
  let stored = 0;
  for (const o of objects) {
    batch.push(o);
    batchBytes += o.bytes.length;
    if (batchBytes >= BATCH_BYTES) {
      stored += (await packed.putBatch(batch)).stored;
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) stored += (await packed.putBatch(batch)).stored;
  let s = (performance.now() - t0) / 1000;
  if (stored !== N) throw new Error(`putBatch stored ${stored} of ${N}`);
  const packs = readdirSync(join(work, 'packed', 'objects', 'packs')).length;
  console.log(`putBatch, ~8 MiB batches (${packs} packs): ${fmt(s)} s, ${fmt(N / s, 0)} objects/s`);

  // 2. put, 32 in flight
  const loose = new FsObjectStore(join(work, 'loose'));
  t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < N) {
        const o = objects[next++];
        await loose.put(o.digest, o.bytes);
      }
    }),
  );
  s = (performance.now() - t0) / 1000;
  console.log(`put, 32 in flight: ${fmt(s)} s, ${fmt(N / s, 0)} objects/s`);

  // 3. get, 16 in flight, in a shuffled order (packed reads jump around the packs)
  const order = objects.map((_, i) => i).sort((a, b) => ((a * 2654435761) % N) - ((b * 2654435761) % N));
  for (const [name, store] of [['packed', packed], ['loose', loose]]) {
    t0 = performance.now();
    let k = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (k < N) {
          const o = objects[order[k++]];
          const got = await store.get(o.digest);
          if (got.length !== o.bytes.length) throw new Error('short read');
        }
      }),
    );
    s = (performance.now() - t0) / 1000;
    console.log(`get ${name}, 16 in flight: ${fmt(N / s, 0)} objects/s`);
  }
  const digests = objects.map((o) => o.digest);
  t0 = performance.now();
  if (packed.missing(digests).length !== 0) throw new Error('packed objects reported missing');
  console.log(`missing() of ${N} packed digests: ${fmt(performance.now() - t0, 0)} ms`);
  await packed.close();
  await loose.close();

  // 4. End to end: arca log of a folder of N files.
  const dir = join(CACHE, `small-objects-${N}`);
  if (!existsSync(join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    objects.forEach((o, i) => {
      const sub = join(dir, `d${String(i % 100).padStart(2, '0')}`);
      if (i < 100) mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `img_${i}.jpg`), o.bytes);
    });
    writeFileSync(join(dir, '.complete'), '');
  }
  for (let run = 0; run < 2; run++) {
    const dataDir = join(work, `server-${run}`);
    const server = await startServer({ dataDir, port: 0, adminKey: BENCH_KEY });
    await createBenchTeams(server.url);
    try {
      t0 = performance.now();
      const child = spawn(process.execPath, [BIN, 'log', 'bench/small/x', dir, '--type', 'raw_images', '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ARCA_URL: server.url, ARCA_API_KEY: BENCH_KEY, ARCA_CACHE_DIR: join(work, `cache-${run}`) },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const [code] = await once(child, 'close');
      s = (performance.now() - t0) / 1000;
      if (code !== 0) throw new Error(`arca log exited ${code}: ${out}`);
      const packDir = join(dataDir, 'objects', 'packs');
      const packCount = existsSync(packDir) ? readdirSync(packDir).length : 0;
      console.log(`arca log of ${N} files (run ${run + 1}, ${packCount} packs on the server): ${fmt(s)} s, ${fmt(N / s, 0)} files/s`);
    } finally {
      await server.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
