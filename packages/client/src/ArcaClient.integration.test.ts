import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startServer } from '@arca/server';
import { hashBytes } from '@arca/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArcaClient } from './ArcaClient.js';
import { FileCache } from './cache/FileCache.js';
import { fetchFailingAfterUploads } from './testing/fetchFailingAfterUploads.js';

// Real server, real disk: the server package's startServer over a temp data dir.
// The site admin's key of the test server (as ARCA_ADMIN_KEY would set it).
import { TEST_ADMIN_KEY } from './testing/TEST_ADMIN_KEY.js';
import { seededBytes } from './testing/seededBytes.js';
import { seedTestTeams } from './testing/seedTestTeams.js';
import { printServerError } from './testing/printServerError.js';
let server: { url: string; close(): Promise<void> };
let dataDir: string;
let work: string;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'arca-client-it-'));
  dataDir = join(work, 'server');
  server = await startServer({ dataDir, host: '127.0.0.1', port: 0, adminKey: TEST_ADMIN_KEY, logError: printServerError });
  await seedTestTeams(server.url);
});

afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

let cacheCount = 0;
/** Downloads go over HTTP: reads from the server's files (local reads) are tested in download/localReads. */
function client(opts: { fetch?: typeof fetch; cacheDir?: string } = {}): ArcaClient {
  return new ArcaClient({ url: server.url, apiKey: TEST_ADMIN_KEY, cacheDir: opts.cacheDir ?? join(work, `cache${cacheCount++}`), localReads: false, localWrites: false, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
}

function writeTree(root: string, files: Record<string, Buffer | string>): void {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), content);
  }
}

/** Every file under `root` (temp files included) with its bytes. */
function readTree(root: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (dir: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, ent.name);
      if (ent.isDirectory()) walk(full);
      else out[relative(root, full)] = readFileSync(full);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/** Compared by digest: deep equality of MiB-sized buffers is very slow in vitest. */
function fingerprint(files: Record<string, Buffer>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, hashBytes(v)]));
}

function sampleFiles(): Record<string, Buffer> {
  return {
    'README.md': Buffer.from('# model\n'),
    'empty.txt': Buffer.alloc(0),
    'weights/model.bin': randomBytes(3 * 1024 * 1024 + 123),
    'data/a/one.json': Buffer.from('{"a":1}'),
    'data/b/two.bin': randomBytes(200 * 1024),
  };
}

/**
 * Flips a byte of a stored object wherever the server keeps it (a loose file or
 * a pack), found by its content so the test does not depend on the layout.
 */
function corruptOnServer(content: Buffer): void {
  const files = readTree(join(dataDir, 'objects'));
  for (const [rel, bytes] of Object.entries(files)) {
    if (rel.endsWith('.sqlite') || rel.includes('.sqlite-')) continue;
    const at = bytes.indexOf(content);
    if (at < 0) continue;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(join(dataDir, 'objects', rel), bytes);
    return;
  }
  throw new Error('object not found on the server');
}

/** A fetch that counts the requests it sends (a test resets `requests` as it goes). */
function countingFetch(): { fetch: typeof fetch; requests: number } {
  const counted = {
    requests: 0,
    fetch: ((input, init) => {
      counted.requests++;
      return fetch(input, init);
    }) as typeof fetch,
  };
  return counted;
}

describe('ArcaClient against a real server', () => {
  it('logs a folder and downloads it byte-identical into a fresh folder', async () => {
    const src = join(work, 'src');
    const files = sampleFiles();
    writeTree(src, files);
    const c = client();
    const progress: string[] = [];
    const logged = await c.logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src], aliases: ['best'], onProgress: (e) => progress.push(e.phase) });
    expect(logged.created).toBe(true);
    expect(logged.version).toMatchObject({ collection: 'team/proj/ds', version: 'v0', fileCount: 5, aliases: expect.arrayContaining(['latest', 'best']) });
    expect(logged.bytesTotal).toBe(Object.values(files).reduce((n, b) => n + b.length, 0));
    // Every byte once, plus the tree object.
    expect(logged.bytesUploaded).toBeGreaterThan(logged.bytesTotal);
    expect(logged.bytesUploaded).toBeLessThan(logged.bytesTotal + 4096);
    expect(progress).toContain('scan');
    expect(progress).toContain('upload');

    const out = join(work, 'out');
    const got = await client().download('team/proj/ds:best', out);
    expect(got.version.digest).toBe(logged.version.digest);
    expect(got.bytesDownloaded).toBe(logged.bytesTotal);
    expect(fingerprint(readTree(out))).toEqual(fingerprint(files));
  });

  it('relogging identical content creates nothing and uploads nothing', async () => {
    const src = join(work, 'src');
    writeTree(src, sampleFiles());
    const c = client();
    const first = await c.logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    const again = await c.logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src], aliases: ['again'] });
    expect(again.created).toBe(false);
    expect(again.bytesUploaded).toBe(0);
    expect(again.objectsUploaded).toBe(0);
    expect(again.version.digest).toBe(first.version.digest);
    expect(again.version.aliases).toContain('again');
    // A client without the scan cache agrees.
    const fresh = await client().logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    expect(fresh).toMatchObject({ created: false, bytesUploaded: 0 });
    expect(fresh.notApplied).toBeUndefined();
  });

  it('relogging identical content with other metadata or description says they were not applied', async () => {
    const src = join(work, 'src');
    writeTree(src, sampleFiles());
    const c = client();
    await c.logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src], metadata: { acc: 0.8 }, description: 'first' });
    const same = await c.logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src], metadata: { acc: 0.8 }, description: 'first' });
    expect(same.notApplied).toBeUndefined();
    const other = await c.logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src], metadata: { acc: 0.9 }, description: 'second' });
    expect(other).toMatchObject({ created: false, notApplied: ['metadata', 'description'], version: { metadata: { acc: 0.8 }, description: 'first' } });
  });

  it('gives the same tree digest whatever order the files are added in', async () => {
    writeTree(work, { 'x/a.txt': 'A', 'x/b.txt': 'B', 'x/c.bin': randomBytes(300 * 1024) });
    const c = client();
    const p = ['a.txt', 'b.txt', 'c.bin'].map((f) => join(work, 'x', f));
    const one = await c.logArtifact({ name: 'team/proj/one', type: 't', paths: p });
    const two = await c.logArtifact({ name: 'team/proj/two', type: 't', paths: [...p].reverse() });
    expect(two.version.tree).toBe(one.version.tree);
    const dir = await c.logArtifact({ name: 'team/proj/three', type: 't', paths: [join(work, 'x')] });
    expect(dir.version.tree).toBe(one.version.tree);
  });

  it('changing 1 MiB in the middle of a 20 MiB file uploads only a few chunks', async () => {
    const file = join(work, 'model.bin');
    // Seeded: with random bytes the change touched more than 6 MiB of chunks now and then.
    const bytes = seededBytes(20 * 1024 * 1024, 3);
    writeFileSync(file, bytes);
    const c = client();
    const first = await c.logArtifact({ name: 'team/proj/model', type: 'model', paths: [file] });
    expect(first.bytesUploaded).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    seededBytes(1024 * 1024, 4).copy(bytes, 10 * 1024 * 1024);
    writeFileSync(file, bytes);
    const second = await c.logArtifact({ name: 'team/proj/model', type: 'model', paths: [file] });
    expect(second.created).toBe(true);
    expect(second.version.version).toBe('v1');
    expect(second.bytesUploaded).toBeGreaterThan(1024 * 1024);
    expect(second.bytesUploaded).toBeLessThan(6 * 1024 * 1024);
    const d = await c.diff('team/proj/model:v0', 'team/proj/model:v1');
    expect(d.changed.map((x) => x.path)).toEqual(['model.bin']);
    expect(d.added).toEqual([]);
  });

  it('a second download of the same content comes from the cache', async () => {
    const src = join(work, 'src');
    const files = sampleFiles();
    writeTree(src, files);
    const cacheDir = join(work, 'shared-cache');
    await client().logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    const c = client({ cacheDir });
    const first = await c.download('team/proj/ds', join(work, 'out1'));
    expect(first.bytesDownloaded).toBeGreaterThan(0);
    const second = await c.download('team/proj/ds', join(work, 'out2'));
    expect(second.bytesDownloaded).toBe(0);
    expect(second.bytesFromCache).toBe(first.bytesDownloaded);
    expect(fingerprint(readTree(join(work, 'out2')))).toEqual(fingerprint(files));
  });

  it('detects a damaged cache entry, discards it and fetches the file again', async () => {
    const src = join(work, 'src');
    const files = sampleFiles();
    writeTree(src, files);
    const cacheDir = join(work, 'shared-cache');
    const logged = await client().logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    const c = client({ cacheDir });
    await c.download('team/proj/ds', join(work, 'out1'));
    const big = logged.files.find((f) => f.path === 'weights/model.bin')!;
    const entry = new FileCache(cacheDir).pathOf(big.digest);
    // Write a new file in place of the entry (the first download shares its inode).
    rmSync(entry);
    const damaged = Buffer.from(files['weights/model.bin']!);
    damaged[1000] = damaged[1000]! ^ 1;
    writeFileSync(entry, damaged);
    const second = await c.download('team/proj/ds', join(work, 'out2'));
    expect(second.bytesDownloaded).toBe(big.size);
    expect(fingerprint(readTree(join(work, 'out2')))).toEqual(fingerprint(files));
    expect(readFileSync(entry).equals(files['weights/model.bin']!)).toBe(true);
  });

  // /dev/shm is a tmpfs on Linux: another filesystem than the work folder, so the cache cannot hard-link.
  const otherFs = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(tmpdir()).dev ? '/dev/shm' : null;
  it.skipIf(otherFs === null)('a cache on another filesystem keeps every file, small ones included', async () => {
    const src = join(work, 'src');
    const files = sampleFiles();
    writeTree(src, files);
    await client().logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    const cacheDir = mkdtempSync(join(otherFs!, 'arca-cache-'));
    try {
      const c = client({ cacheDir });
      const first = await c.download('team/proj/ds', join(work, 'out1'));
      const second = await c.download('team/proj/ds', join(work, 'out2'));
      expect(second.bytesDownloaded).toBe(0);
      expect(second.bytesFromCache).toBe(first.bytesDownloaded);
      expect(fingerprint(readTree(join(work, 'out2')))).toEqual(fingerprint(files));
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('a cache folder that cannot be written (a file in its place) costs only speed: logs and pulls still work', async () => {
    const src = join(work, 'src');
    const files = sampleFiles();
    writeTree(src, files);
    const cacheDir = join(work, 'not-a-folder');
    writeFileSync(cacheDir, 'in the way');
    // Files older than the scan, so that the scan has results to record (see ScanCache, racy timestamps).
    const past = new Date(Date.now() - 60_000);
    for (const p of Object.keys(files)) utimesSync(join(src, p), past, past);
    const c = client({ cacheDir });
    const logged = await c.logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    expect(logged.created).toBe(true);
    await c.download('team/proj/ds', join(work, 'out'));
    expect(fingerprint(readTree(join(work, 'out')))).toEqual(fingerprint(files));
  });

  it('a scan cache line damaged so that it still parses (a digit of a file digest changed) does not go into a version: it pulls back byte-exact', async () => {
    const src = join(work, 'src');
    const files = sampleFiles();
    writeTree(src, files);
    const past = new Date(Date.now() - 60_000);
    for (const p of Object.keys(files)) utimesSync(join(src, p), past, past);
    const cacheDir = join(work, 'scan-cache');
    const first = await client({ cacheDir }).logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    // The file of many chunks: the server holds its chunks, so nothing else checks the file's digest before a pull.
    const digest = first.files.find((f) => f.path === 'weights/model.bin')!.digest;
    const index = join(cacheDir, 'scan-index.jsonl');
    const text = readFileSync(index, 'utf8');
    expect(text).toContain(digest);
    writeFileSync(index, text.replace(digest, digest.slice(0, -1) + (digest.endsWith('0') ? '1' : '0')));

    const again = await client({ cacheDir }).logArtifact({ name: 'team/proj/other', type: 'dataset', paths: [src] });
    expect(again.version.digest).not.toBe(first.version.digest); // another collection: a version of its own
    expect(again.files).toEqual(first.files);
    const out = join(work, 'out');
    await client().download('team/proj/other', out);
    expect(fingerprint(readTree(out))).toEqual(fingerprint(files));
  });

  it.each([
    ['a small file (batched fetch)', 'data/a/one.json'],
    ['a chunk of a large file (GET or batch)', 'weights/model.bin'],
  ])('an object corrupted on the server fails the download with CorruptObject and leaves no file: %s', async (_, path) => {
    const src = join(work, 'src');
    const files = sampleFiles();
    writeTree(src, files);
    const logged = await client().logArtifact({ name: 'team/proj/ds', type: 'dataset', paths: [src] });
    const entry = logged.files.find((f) => f.path === path)!;
    const content = entry.chunks ? files[path]!.subarray(entry.chunks[0]!.size, entry.chunks[0]!.size + entry.chunks[1]!.size) : files[path]!;
    corruptOnServer(content);
    const out = join(work, 'out');
    await expect(client().download('team/proj/ds', out)).rejects.toMatchObject({ code: 'CorruptObject' });
    // No file under its final name, no temp either: every file is complete or absent.
    const left = readTree(out);
    expect(Object.keys(left).filter((k) => k.includes('.arca-'))).toEqual([]);
    expect(left[path]).toBeUndefined();
    const originals = sampleFiles();
    for (const [k, v] of Object.entries(left)) expect(v.length).toBe(originals[k]!.length);
  });

  it('several clients logging to one collection at once get contiguous version numbers', async () => {
    const n = 6;
    const results = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const f = join(work, `f${i}.bin`);
        writeFileSync(f, randomBytes(50_000 + i));
        return client().logArtifact({ name: 'team/proj/shared', type: 't', paths: [f] });
      }),
    );
    expect(results.map((r) => r.version.number).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    const versions = await client().listVersions('team/proj/shared');
    expect(versions).toHaveLength(n);
  });

  it('refuses unsafe names and paths before any request', async () => {
    const counted = countingFetch();
    const c = client({ fetch: counted.fetch });
    const src = join(work, 'src');
    writeTree(src, { 'ok.txt': 'fine', 'bad\\name.txt': 'x' });
    await expect(c.logArtifact({ name: 'team/proj/ds', type: 't', paths: [src] })).rejects.toMatchObject({ code: 'InvalidPath' });
    writeTree(join(work, 'src2'), { 'ok.txt': 'fine' });
    const good = [join(work, 'src2')];
    await expect(c.logArtifact({ name: 'team/proj', type: 't', paths: good })).rejects.toMatchObject({ code: 'InvalidName' });
    await expect(c.logArtifact({ name: 'team/../x', type: 't', paths: good })).rejects.toMatchObject({ code: 'InvalidName' });
    await expect(c.logArtifact({ name: 'team/proj/ds', type: 't', paths: good, aliases: ['v3'] })).rejects.toMatchObject({ code: 'InvalidName' });
    await expect(c.logArtifact({ name: 'team/model-registry/M', type: 't', paths: good })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(c.resolve('team/proj/ds@b3:zz')).rejects.toMatchObject({ code: 'InvalidName' });
    await expect(c.setAlias('team/proj/ds:v0', 'bad..alias')).rejects.toMatchObject({ code: 'InvalidName' });
    // The same file name in two folders lands on one artifact path.
    writeTree(join(work, 'dup1'), { 'same.txt': '1' });
    writeTree(join(work, 'dup2'), { 'same.txt': '2' });
    await expect(c.logArtifact({ name: 'team/proj/ds', type: 't', paths: [join(work, 'dup1'), join(work, 'dup2')] })).rejects.toMatchObject({ code: 'InvalidPath' });
    expect(counted.requests).toBe(0);
  });

  it('refuses a bad type, metadata, description, reason or TTL before any file is read or sent', async () => {
    const counted = countingFetch();
    const c = client({ fetch: counted.fetch });
    const src = join(work, 'src');
    writeTree(src, { 'w.bin': randomBytes(1000) });
    const base = { name: 'team/proj/ds', type: 'model', paths: [src] };
    const refused = [
      [{ type: 'bad type!' }, 'type'],
      [{ metadata: [1] as unknown as Record<string, unknown> }, 'metadata'],
      [{ description: 5 as unknown as string }, 'description'],
      [{ reason: {} as unknown as string }, 'reason'],
      [{ ttlSeconds: -1 }, 'ttlSeconds'],
      [{ ttlSeconds: 1.5 }, 'ttlSeconds'],
    ] as const;
    for (const [bad, argument] of refused) {
      await expect(c.logArtifact({ ...base, ...bad })).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument } });
    }
    expect(counted.requests).toBe(0);
    const draft = await c.logArtifact(base).then(() => c.newDraft('team/proj/ds'));
    counted.requests = 0;
    await expect(draft.add(src, 'more').log({ ttlSeconds: 0 })).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'ttlSeconds' } });
    await expect(draft.log({ metadata: [] as unknown as Record<string, unknown> })).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'metadata' } });
    expect(counted.requests).toBe(0);
    expect((await c.listVersions('team/proj/ds')).length).toBe(1);
  });

  it('an interrupted upload, logged again, completes and sends only the rest', async () => {
    const file = join(work, 'big.bin');
    writeFileSync(file, randomBytes(24 * 1024 * 1024));
    const failing = fetchFailingAfterUploads(2);
    const cacheDir = join(work, 'cache-int');
    await expect(client({ fetch: failing, cacheDir }).logArtifact({ name: 'team/proj/big', type: 'model', paths: [file] })).rejects.toMatchObject({ code: 'Unreachable' });
    await expect(client().resolve('team/proj/big')).rejects.toMatchObject({ code: 'NotFound' });
    const stored = (await client().stats()).objects;
    expect(stored).toBeGreaterThan(0);
    const done = await client({ cacheDir }).logArtifact({ name: 'team/proj/big', type: 'model', paths: [file] });
    expect(done.created).toBe(true);
    const total = new Set(done.files.flatMap((f) => (f.chunks ?? [f]).map((c) => c.digest))).size + 1; // + the tree
    expect(done.objectsUploaded).toBe(total - stored);
    expect(done.bytesUploaded).toBeLessThan(24 * 1024 * 1024);
    const out = join(work, 'out');
    await client().download('team/proj/big', out);
    expect(readFileSync(join(out, 'big.bin')).equals(readFileSync(file))).toBe(true);
  });

  it('an interrupted download leaves no file and resumes by chunk, fetching only the rest', async () => {
    const file = join(work, 'big.bin');
    const bytes = randomBytes(24 * 1024 * 1024);
    writeFileSync(file, bytes);
    await client().logArtifact({ name: 'team/proj/big', type: 'model', paths: [file] });
    let objectRequests = 0;
    const failing: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.includes('/objects/') && !url.endsWith('/missing')) {
        // The tree and the first batch of chunks get through, then the network is gone.
        if (objectRequests >= 2) throw new TypeError('fetch failed (test: connection lost)');
        objectRequests++;
      }
      return fetch(input, init);
    };
    const cacheDir = join(work, 'dl-cache');
    const out = join(work, 'out');
    const cut = new ArcaClient({ url: server.url, apiKey: TEST_ADMIN_KEY, cacheDir, concurrency: 1, fetch: failing, localReads: false, localWrites: false });
    await expect(cut.download('team/proj/big', out)).rejects.toMatchObject({ code: 'Unreachable' });
    expect(Object.keys(readTree(out))).toEqual([]);
    const resumed = await client({ cacheDir }).download('team/proj/big', out);
    expect(resumed.bytesFromCache).toBeGreaterThan(0);
    expect(resumed.bytesDownloaded).toBeLessThan(bytes.length);
    expect(resumed.bytesDownloaded + resumed.bytesFromCache).toBe(bytes.length);
    expect(hashBytes(readFileSync(join(out, 'big.bin')))).toBe(hashBytes(bytes));
    expect(Object.keys(readTree(out))).toEqual(['big.bin']);
  });

  it('makes many more requests than it has sockets without stalling (every response body is consumed)', async () => {
    const dir = join(work, 'many-puts');
    // Single-chunk objects of 1-2 MiB go by PUT, one request each; concurrency 1 means 2 sockets.
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 8; i++) files[`f${i}.bin`] = randomBytes(128 * 1024);
    writeTree(dir, files);
    const c = new ArcaClient({ url: server.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(work, 'c1'), concurrency: 1, localReads: false, localWrites: false });
    const started = Date.now();
    for (let i = 0; i < 8; i++) await c.logArtifact({ name: `team/proj/m${i}`, type: 't', paths: [join(dir, `f${i}.bin`)] });
    await c.download('team/proj/m7', join(work, 'o'));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports an unreachable server as Unreachable with the url', async () => {
    const c = new ArcaClient({ url: 'http://127.0.0.1:1', cacheDir: join(work, 'c') });
    await expect(c.health()).rejects.toMatchObject({ code: 'Unreachable', data: { url: 'http://127.0.0.1:1/api/v1/health' } });
  });

  it('resolves, uses, links, moves aliases and reads the logs', async () => {
    const src = join(work, 'src');
    writeTree(src, { 'm.onnx': randomBytes(1000) });
    const c = client();
    expect(await c.health()).toMatchObject({ ok: true });
    const v0 = await c.logArtifact({ name: 'team/proj/model', type: 'model', paths: [src], metadata: { acc: 0.9 } });
    writeTree(src, { 'm.onnx': randomBytes(1000) });
    const v1 = await c.logArtifact({ name: 'team/proj/model', type: 'model', paths: [src], description: 'second' });
    expect((await c.resolve('team/proj/model')).digest).toBe(v1.version.digest);
    expect((await c.resolve(`team/proj/model@${v0.version.digest.slice(0, 12)}`)).version).toBe('v0');

    const used = await c.useArtifact('team/proj/model:v0');
    expect(used.version.metadata).toEqual({ acc: 0.9 });
    expect(used.files.map((f) => f.path)).toEqual(['m.onnx']);
    const dl = await used.download(join(work, 'used'));
    expect(dl.files).toHaveLength(1);

    const moved = await c.setAlias('team/proj/model:v0', 'production', { expect: null, reason: 'approved' });
    expect(moved.version).toBe('v0');
    await expect(c.setAlias('team/proj/model:v1', 'production', { expect: v1.version.digest })).rejects.toMatchObject({ code: 'AliasConflict' });
    await c.setAlias('team/proj/model:v1', 'production', { expect: v0.version.digest });
    const log = await c.aliasLog('team/proj/model');
    expect(log.filter((e) => e.ref === 'aliases/production').map((e) => e.new?.version)).toEqual(['v0', 'v1']);
    expect(log.find((e) => e.reason === 'approved')?.actor).toBe('admin');
    expect((await c.refLog('team/proj/model')).some((e) => e.ref === 'versions/v1')).toBe(true);
    expect(await c.removeAlias('team/proj/model', 'production')).toMatchObject({ version: 'v1' });

    const link = await c.linkArtifact('team/proj/model:v1', 'team/model-registry/Nature Classifier', { aliases: ['staging'] });
    expect(link.created).toBe(true);
    expect(link.version.source).toMatchObject({ collection: 'team/proj/model', version: 'v1' });
    const reg = await c.listCollections('team', 'model-registry');
    expect(reg.map((x) => x.collection)).toEqual(['team/model-registry/Nature Classifier']);
    const fromReg = await c.download('team/model-registry/Nature Classifier:staging', join(work, 'reg'));
    expect(fromReg.files[0]!.digest).toBe(v1.files[0]!.digest);
    expect((await c.listCollections('team', 'proj')).map((x) => x.collection)).toEqual(['team/proj/model']);
    expect((await c.stats()).objects).toBeGreaterThan(0);
    await expect(c.resolve('team/proj/nothing')).rejects.toMatchObject({ code: 'NotFound' });
  });
});
