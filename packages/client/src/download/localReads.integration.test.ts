import { chmodSync, existsSync, openSync, readdirSync, readFileSync, closeSync, readSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hashBytes } from '@arca/store/pure';
import { startServer } from '@arca/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { useClientServer } from '../testing/useClientServer.js';
import { ChunkCopyWorker } from './ChunkCopyWorker.js';
import { copyThreads } from './copyFromServerStore.js';
import { PIECE_SIZE } from './copyInPieces.js';
import { PieceCopyThreads } from './PieceCopyThreads.js';

const t = useClientServer(startServer);
const MiB = 1024 * 1024;

interface Located {
  dir: string | null;
  objects: { digest: string; file: string; offset: number; size: number }[];
}

/**
 * A model of several chunks, a small file, and a copy of the model under
 * another name. `total` is every file's bytes (what local reads read: each file
 * is copied); `unique` counts the copy once (what a download fetches).
 */
async function logSample(): Promise<{ files: Record<string, Buffer>; total: number; unique: number }> {
  const model = randomBytes(6 * MiB);
  const files = { 'model.bin': model, 'copy/model.bin': model, 'labels.txt': Buffer.from('cat\ndog\n') };
  await t.client().logArtifact({ name: 'e/p/c', type: 'model', paths: [t.write('src', files)] });
  const total = Object.values(files).reduce((n, b) => n + b.length, 0);
  return { files, total, unique: total - model.length };
}

/** The chunks of model.bin, as the tree lists them. */
async function modelChunks(): Promise<{ digest: string; size: number }[]> {
  const entry = (await t.client().useArtifact('e/p/c')).files.find((f) => f.path === 'model.bin');
  if (!entry || entry.kind === 'reference' || !entry.chunks) throw new Error('model.bin should be a file of several chunks');
  return entry.chunks;
}

/** The first of `chunks` that does not start its pack, so that a location a byte before it still lies in the file. */
async function chunkNotFirstInItsFile(chunks: { digest: string; size: number }[]): Promise<{ digest: string; size: number }> {
  const { objects } = await locate(chunks.map((c) => c.digest));
  const at = new Map(objects.map((o) => [o.digest, o.offset]));
  const chunk = chunks.find((c) => (at.get(c.digest) ?? 0) > 0);
  if (!chunk) throw new Error('every chunk starts a file of its own');
  return chunk;
}

function expectFiles(dir: string, files: Record<string, Buffer>): void {
  for (const [path, bytes] of Object.entries(files)) expect(hashBytes(readFileSync(join(dir, path))), path).toBe(hashBytes(bytes));
}

/** A fetch that lets `edit` change the server's answers to POST /objects/locate. */
function editingLocate(edit: (answer: Located) => Located): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).endsWith('/objects/locate')) return res;
    const answer = edit((await res.json()) as Located);
    return new Response(JSON.stringify(answer), { status: res.status, headers: { 'content-type': 'application/json' } });
  };
}

async function locate(digests: string[]): Promise<Located> {
  const res = await fetch(`${t.state.url}/api/v1/objects/locate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ digests }),
  });
  return (await res.json()) as Located;
}

// Both ways of copying a file of several chunks (decision 025): in pieces on
// several threads (the default, with the BLAKE3 subtree addon), and by one
// thread with the caller's hashing behind it (without the addon).
describe.each([
  ['in pieces on several threads', '1', PieceCopyThreads],
  ['by one thread, hashed behind it', '0', ChunkCopyWorker],
])('local reads (a server on this machine), copying %s', (_how, pieceCopy, threads) => {
  beforeAll(() => {
    process.env.ARCA_PIECE_COPY = pieceCopy;
  });
  afterAll(() => {
    delete process.env.ARCA_PIECE_COPY;
  });

  it('copies with the threads of this way', async () => {
    const copier = copyThreads(2);
    // ARCA_BLAKE3=wasm asks for no native hashing, so for no pieces either: the old split.
    expect(copier).toBeInstanceOf(process.env.ARCA_BLAKE3 === 'wasm' ? ChunkCopyWorker : threads);
    await copier.stop();
  });

  it('copies every file from the server files instead of downloading it, byte-identical', async () => {
    const { files, total } = await logSample();
    const dir = join(t.state.work, 'out');
    const r = await t.client({ localReads: true }).download('e/p/c', dir);
    expect([r.bytesReadLocally, r.bytesDownloaded, r.bytesFromCache]).toEqual([total, 0, 0]);
    expectFiles(dir, files);
    expect(readdirSync(dir).sort()).toEqual(['copy', 'labels.txt', 'model.bin']);
  });

  it('is on by default for a loopback url, and off with localReads: false', async () => {
    const { total, unique } = await logSample();
    expect(t.state.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const defaults = new ArcaClient({ url: t.state.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(t.state.work, 'c-default') });
    expect(defaults.localReads).toBe(true);
    expect((await defaults.download('e/p/c', join(t.state.work, 'a'))).bytesReadLocally).toBe(total);
    const off = await t.client({ localReads: false }).download('e/p/c', join(t.state.work, 'b'));
    expect([off.bytesReadLocally, off.bytesDownloaded]).toEqual([0, unique]);
  });

  it('downloads everything when the server offers no local reads or names a folder this machine does not have', async () => {
    const { files, unique } = await logSample();
    for (const [i, edit] of [(a: Located) => ({ ...a, dir: null, objects: [] }), (a: Located) => ({ ...a, dir: join(t.state.work, 'elsewhere') })].entries()) {
      const dir = join(t.state.work, `out${i}`);
      const r = await t.client({ localReads: true, fetch: editingLocate(edit) }).download('e/p/c', dir);
      expect([r.bytesReadLocally, r.bytesDownloaded]).toEqual([0, unique]);
      expectFiles(dir, files);
    }
  });

  it('downloads everything from a server without the locate route (one from before local reads)', async () => {
    const { files, unique } = await logSample();
    const noRoute: typeof fetch = async (input, init) =>
      String(input).endsWith('/objects/locate')
        ? new Response(JSON.stringify({ error: { code: 'NotFound', message: 'no route POST /api/v1/objects/locate', data: {} } }), { status: 404, headers: { 'content-type': 'application/json' } })
        : fetch(input, init);
    const dir = join(t.state.work, 'out');
    const r = await t.client({ localReads: true, fetch: noRoute }).download('e/p/c', dir);
    expect([r.bytesReadLocally, r.bytesDownloaded]).toEqual([0, unique]);
    expectFiles(dir, files);
  });

  it('never reads outside the objects folder: a location naming another file is ignored', async () => {
    const { files } = await logSample();
    const dir = join(t.state.work, 'out');
    const escape = (a: Located): Located => ({ ...a, objects: a.objects.map((o) => ({ ...o, file: `../${o.file}` })) });
    const r = await t.client({ localReads: true, fetch: editingLocate(escape) }).download('e/p/c', dir);
    expect(r.bytesReadLocally).toBe(0);
    expectFiles(dir, files);
  });

  it('checks what it reads: a location holding other bytes costs that file a re-check, and its bad chunk is downloaded', async () => {
    const { files, total } = await logSample();
    // The location of one of the model's chunks is shifted back by a byte, as a stale
    // location would be (back: a byte forward could run past the end of its file).
    const second = await chunkNotFirstInItsFile(await modelChunks());
    const shift = (a: Located): Located => ({ ...a, objects: a.objects.map((o) => (o.digest === second.digest ? { ...o, offset: o.offset - 1 } : o)) });
    const dir = join(t.state.work, 'out');
    const r = await t.client({ localReads: true, fetch: editingLocate(shift) }).download('e/p/c', dir);
    expectFiles(dir, files);
    // Two files hold that chunk; it is downloaded once, and every other byte is read locally.
    expect(r.bytesDownloaded).toBe(second.size);
    expect(r.bytesReadLocally).toBe(total - 2 * second.size);
  });

  it('stops copying a file at a chunk it cannot read (a location past the end of its file); the rest comes over HTTP', async () => {
    const { files, total } = await logSample();
    const chunks = await modelChunks();
    const past = (a: Located): Located => ({ ...a, objects: a.objects.map((o) => (o.digest === chunks[1]!.digest ? { ...o, offset: 2 ** 40 } : o)) });
    const dir = join(t.state.work, 'out');
    const r = await t.client({ localReads: true, fetch: editingLocate(past) }).download('e/p/c', dir);
    expectFiles(dir, files);
    // Each copy of the model keeps its first chunk, written before the copy stopped.
    const rest = files['model.bin'].length - chunks[0]!.size;
    expect(r.bytesDownloaded).toBe(rest);
    expect(r.bytesReadLocally).toBe(total - 2 * rest);
  });

  it('never passes on a damaged object: the pull fails with CorruptObject and leaves no file', async () => {
    await logSample();
    const chunk = (await modelChunks())[2]!;
    const { dir: objects, objects: [at] } = await locate([chunk.digest]);
    const path = join(objects!, at!.file);
    chmodSync(path, 0o644);
    const fd = openSync(path, 'r+');
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, at!.offset + 100);
    byte[0] = byte[0]! ^ 0xff;
    writeSync(fd, byte, 0, 1, at!.offset + 100);
    closeSync(fd);

    const dir = join(t.state.work, 'out');
    await expect(t.client({ localReads: true }).download('e/p/c', dir)).rejects.toMatchObject({ code: 'CorruptObject', data: { digest: chunk.digest } });
    expect(existsSync(join(dir, 'model.bin'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.arca-tmp-'))).toEqual([]);
  });

  it('copies a file of several pieces, and re-checks it when one of its chunks reads wrong', async () => {
    const bytes = randomBytes(2 * PIECE_SIZE + 5 * MiB);
    await t.client().logArtifact({ name: 'e/p/big', type: 'model', paths: [t.write('src', { 'big.bin': bytes })] });
    const good = await t.client({ localReads: true }).download('e/p/big', join(t.state.work, 'good'));
    expect([good.bytesReadLocally, good.bytesDownloaded]).toEqual([bytes.length, 0]);
    expect(hashBytes(readFileSync(join(t.state.work, 'good', 'big.bin')))).toBe(hashBytes(bytes));

    const entry = (await t.client().useArtifact('e/p/big')).files[0]!;
    if (entry.kind === 'reference' || !entry.chunks) throw new Error('big.bin should be a file of several chunks');
    // A chunk in the second piece, read a byte off.
    let at = 0;
    const inSecond = await chunkNotFirstInItsFile(entry.chunks.filter((c) => (at += c.size) > PIECE_SIZE + MiB));
    const shift = (a: Located): Located => ({ ...a, objects: a.objects.map((o) => (o.digest === inSecond.digest ? { ...o, offset: o.offset - 1 } : o)) });
    const dir = join(t.state.work, 'shifted');
    const r = await t.client({ localReads: true, fetch: editingLocate(shift) }).download('e/p/big', dir);
    expect(hashBytes(readFileSync(join(dir, 'big.bin')))).toBe(hashBytes(bytes));
    expect([r.bytesReadLocally, r.bytesDownloaded]).toEqual([bytes.length - inSecond.size, inSecond.size]);
  });

  it('resumes an interrupted download from its verified chunks and copies only the rest', async () => {
    const bytes = randomBytes(24 * MiB);
    await t.client().logArtifact({ name: 'e/p/big', type: 'model', paths: [t.write('src', { 'big.bin': bytes })] });
    let objectRequests = 0;
    // The tree and the first request for chunks get through, then the network is gone.
    const cutAfterTwo: typeof fetch = async (input, init) => {
      if (String(input).includes('/objects/') && objectRequests++ >= 2) throw new TypeError('fetch failed (test: connection lost)');
      return fetch(input, init);
    };
    const cacheDir = join(t.state.work, 'shared-cache');
    const dir = join(t.state.work, 'out');
    const cut = new ArcaClient({ url: t.state.url, apiKey: TEST_ADMIN_KEY, cacheDir, concurrency: 1, fetch: cutAfterTwo, localReads: false });
    await expect(cut.download('e/p/big', dir)).rejects.toMatchObject({ code: 'Unreachable' });
    const resumed = await new ArcaClient({ url: t.state.url, apiKey: TEST_ADMIN_KEY, cacheDir, localReads: true }).download('e/p/big', dir);
    expect(hashBytes(readFileSync(join(dir, 'big.bin')))).toBe(hashBytes(bytes));
    expect(resumed.bytesDownloaded).toBe(0);
    expect(resumed.bytesFromCache).toBeGreaterThan(0);
    expect(resumed.bytesReadLocally + resumed.bytesFromCache).toBe(bytes.length);
  });
});
