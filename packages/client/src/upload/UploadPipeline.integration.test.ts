import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@arca/server';
import { buildTree, scanFile } from '@arca/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';
import type { ProgressEvent } from '../types.js';
import { fetchFailingAfterUploads } from '../testing/fetchFailingAfterUploads.js';

// The pipelined log (chunks of large files upload while the file is scanned),
// against a real server on a temp data dir, as ArcaClient.integration.test.ts.
// The site admin's key of the test server (as ARCA_ADMIN_KEY would set it).
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { seedTestTeams } from '../testing/seedTestTeams.js';
import { printServerError } from '../testing/printServerError.js';
import { seededBytes } from '../testing/seededBytes.js';
let server: { url: string; close(): Promise<void> };
let work: string;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'arca-pipeline-it-'));
  server = await startServer({ dataDir: join(work, 'server'), host: '127.0.0.1', port: 0, adminKey: TEST_ADMIN_KEY, logError: printServerError });
  await seedTestTeams(server.url);
});

afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

const MiB = 1024 * 1024;
let cacheCount = 0;
// Over HTTP (localWrites: false): these tests count and cut upload requests.
function client(opts: { fetch?: typeof fetch; cacheDir?: string } = {}): ArcaClient {
  return new ArcaClient({ url: server.url, apiKey: TEST_ADMIN_KEY, cacheDir: opts.cacheDir ?? join(work, `cache${cacheCount++}`), localWrites: false, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
}

/** Counts requests by kind on their way to the real server. */
function counting(): { fetch: typeof fetch; missing: () => number; uploads: () => number } {
  let missing = 0;
  let uploads = 0;
  return {
    fetch: (input, init) => {
      const url = String(input);
      if (url.endsWith('/objects/missing')) missing++;
      if (init?.method === 'PUT' || url.endsWith('/objects/batch')) uploads++;
      return fetch(input, init);
    },
    missing: () => missing,
    uploads: () => uploads,
  };
}

/** A random file written in pieces, so the test itself does not hold it whole. */
function writeRandomFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  try {
    for (let done = 0; done < size; done += 16 * MiB) writeSync(fd, randomBytes(Math.min(16 * MiB, size - done)));
  } finally {
    closeSync(fd);
  }
}

describe('pipelined log of large files', () => {
  it('gives the digests of the unpipelined path, and a 1 MiB change uploads only the changed chunks', async () => {
    const file = join(work, 'model.bin');
    // Seeded: how many chunks a change touches depends on where the cuts fall around it
    // (random bytes put it past 6 MiB about once in ten runs).
    const bytes = seededBytes(40 * MiB, 1);
    writeFileSync(file, bytes);
    // The scan cache trusts only files older than the scan's start (racy-git rule); a file
    // written this instant may not be cached, and the second log below must hit the cache.
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    const cacheDir = join(work, 'cache-model');
    const c1 = counting();
    const first = await client({ fetch: c1.fetch, cacheDir }).logArtifact({ name: 'team/proj/model', type: 'model', paths: [file] });
    // 40 MiB is more than one window: the pipeline asked more than once before the final question.
    expect(c1.missing()).toBeGreaterThanOrEqual(3);
    expect(first.bytesUploaded).toBeGreaterThanOrEqual(40 * MiB);

    // The digests the store computes on its own, without any upload.
    const scan = await scanFile(file);
    const expected = buildTree([{ path: 'model.bin', size: scan.size, digest: scan.digest, chunks: scan.chunks }]);
    expect(first.version.tree).toBe(expected.digest);
    // The unpipelined path (the scan comes from the cache) agrees, in another collection.
    const c2 = counting();
    const cached = await client({ fetch: c2.fetch, cacheDir }).logArtifact({ name: 'team/proj/copy', type: 'model', paths: [file] });
    expect(c2.missing()).toBe(1);
    expect(cached.bytesUploaded).toBe(0);
    expect(cached.version.tree).toBe(first.version.tree);
    expect((await client().tree('team/proj/copy')).entries).toEqual((await client().tree('team/proj/model')).entries);

    seededBytes(MiB, 2).copy(bytes, 17 * MiB);
    writeFileSync(file, bytes);
    const second = await client({ cacheDir }).logArtifact({ name: 'team/proj/model', type: 'model', paths: [file] });
    expect(second.version.version).toBe('v1');
    expect(second.bytesUploaded).toBeGreaterThan(MiB);
    expect(second.bytesUploaded).toBeLessThan(6 * MiB);
    const d = await client().diff('team/proj/model:v0', 'team/proj/model:v1');
    expect(d.changed.map((x) => x.path)).toEqual(['model.bin']);
    const out = join(work, 'out');
    await client().download('team/proj/model:v1', out);
    expect(readFileSync(join(out, 'model.bin')).equals(bytes)).toBe(true);
  });

  it('a log cut mid-pipeline, logged again, completes and sends only the rest', async () => {
    const file = join(work, 'big.bin');
    const size = 128 * MiB;
    writeRandomFile(file, size);
    const failing = fetchFailingAfterUploads(4);
    const cacheDir = join(work, 'cache-cut');
    const events: ProgressEvent[] = [];
    await expect(
      client({ fetch: failing, cacheDir }).logArtifact({ name: 'team/proj/big', type: 'model', paths: [file], onProgress: (e) => events.push(e) }),
    ).rejects.toMatchObject({ code: 'Unreachable' });
    // The cut came while the file was still being read: the scan never finished.
    expect(events.some((e) => e.phase === 'scan' && e.filesDone === 1)).toBe(false);
    await expect(client().resolve('team/proj/big')).rejects.toMatchObject({ code: 'NotFound' });
    const stored = (await client().stats()).objects;
    expect(stored).toBeGreaterThan(0);

    const done = await client({ cacheDir }).logArtifact({ name: 'team/proj/big', type: 'model', paths: [file] });
    expect(done.created).toBe(true);
    const total = new Set(done.files.flatMap((f) => (f.chunks ?? [f]).map((c) => c.digest))).size + 1; // + the tree
    expect(done.objectsUploaded).toBe(total - stored);
    expect(done.bytesUploaded).toBeLessThan(size);
    const got = await client().tree('team/proj/big');
    expect(got.entries[0]!.digest).toBe((await scanFile(file)).digest);
  });

  it('keeps memory flat: logging a 256 MiB file grows RSS by well under the file size', async () => {
    const file = join(work, 'huge.bin');
    writeRandomFile(file, 256 * MiB);
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    try {
      const events: ProgressEvent[] = [];
      const r = await client().logArtifact({ name: 'team/proj/huge', type: 'model', paths: [file], onProgress: (e) => events.push(e) });
      expect(r.bytesUploaded).toBeGreaterThanOrEqual(256 * MiB);
      // Upload progress ends complete: every chunk's bytes (the tree is not counted).
      const last = events.filter((e) => e.phase === 'upload').at(-1)!;
      expect(last.bytesDone).toBe(last.bytesTotal);
      expect(last.bytesDone).toBe(256 * MiB);
    } finally {
      clearInterval(timer);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // The server runs in this process too, so this bounds both sides together.
    expect(peak - base).toBeLessThan(200 * MiB);
  });
});

describe('pipelined log of small files', () => {
  it('asks per window while scanning, gives the store\'s tree, and an unchanged re-log asks once and sends nothing', async () => {
    const dir = join(work, 'images');
    mkdirSync(dir);
    const names: string[] = [];
    for (let i = 0; i < 3000; i++) {
      // 2-14 KiB: ~24 MiB in all, so the 2,048-object limit (not the 32 MiB one) closes the first window.
      const name = `img-${String(i).padStart(4, '0')}.bin`;
      writeFileSync(join(dir, name), randomBytes(2048 + ((i * 4099) % (12 * 1024))));
      names.push(name);
    }
    // Older than the scan's start, so the scan cache keeps every file (see the large-file test).
    const past = new Date(Date.now() - 60_000);
    for (const name of names) utimesSync(join(dir, name), past, past);
    const cacheDir = join(work, 'cache-images');
    const c1 = counting();
    const first = await client({ fetch: c1.fetch, cacheDir }).logArtifact({ name: 'team/proj/images', type: 'raw_images', paths: [dir] });
    // Two windows (2,048 objects, then the rest) asked while scanning, then the final question (tree).
    expect(c1.missing()).toBeGreaterThanOrEqual(3);
    expect(first.objectsUploaded).toBe(3001);

    // The tree the store builds on its own from scanFile results.
    const entries = [];
    for (const name of names) {
      const scan = await scanFile(join(dir, name));
      entries.push(scan.chunks.length > 1 ? { path: name, size: scan.size, digest: scan.digest, chunks: scan.chunks } : { path: name, size: scan.size, digest: scan.digest });
    }
    expect(first.version.tree).toBe(buildTree(entries).digest);

    // Unchanged: everything from the scan cache, one question, nothing sent.
    const c2 = counting();
    const again = await client({ fetch: c2.fetch, cacheDir }).logArtifact({ name: 'team/proj/images', type: 'raw_images', paths: [dir] });
    expect(c2.missing()).toBe(1);
    expect(c2.uploads()).toBe(0);
    expect(again.bytesUploaded).toBe(0);
    expect(again.created).toBe(false);
    expect(again.version.tree).toBe(first.version.tree);
  });
});

describe('recycled chunk buffers', () => {
  it('never mix bytes between chunks: chunks found present and chunks sent free buffers that later chunks reuse, and every object arrives intact', async () => {
    const shared = join(work, 'shared.bin');
    writeRandomFile(shared, 40 * MiB);
    await client().logArtifact({ name: 'team/proj/a', type: 'model', paths: [shared] });
    // The first 40 MiB are on the server already (their buffers go back at once when
    // the server says so), the next 60 MiB are new; a fresh scan cache so every chunk
    // passes through the pipeline.
    const mixed = join(work, 'mixed.bin');
    writeFileSync(mixed, readFileSync(shared));
    const fd = openSync(mixed, 'a');
    try {
      for (let i = 0; i < 6; i++) writeSync(fd, randomBytes(10 * MiB));
    } finally {
      closeSync(fd);
    }
    const r = await client().logArtifact({ name: 'team/proj/b', type: 'model', paths: [mixed] });
    expect(r.bytesUploaded).toBeGreaterThan(55 * MiB);
    expect(r.bytesUploaded).toBeLessThan(70 * MiB);
    // The server checked every object against its digest on arrival; the pull checks them again.
    const out = join(work, 'out-mixed');
    await client().download('team/proj/b:latest', out);
    expect(readFileSync(join(out, 'mixed.bin')).equals(readFileSync(mixed))).toBe(true);
  });
});
