import { chmod, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { ArcaError } from '../errors/ArcaError.js';
import { FsObjectStore, MAX_OBJECT_SIZE } from './FsObjectStore.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';
import { errorOf } from '../testing/errorOf.js';
import { useTempObjectStore } from '../testing/useTempObjectStore.js';

const EMPTY = 'b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';

async function rejection(p: Promise<unknown>): Promise<ArcaError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ArcaError);
    return err as ArcaError;
  }
  throw new Error('expected a rejection');
}

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const t = useTempObjectStore('arca-objects-');

/** Every file under the store t.root other than the objects themselves. */
async function tempFiles(): Promise<string[]> {
  return readdir(join(t.root, 'tmp'));
}
async function allObjects(): Promise<string[]> {
  const out: string[] = [];
  for await (const d of t.store.list()) out.push(d);
  return out.sort();
}

describe('FsObjectStore', () => {
  const bytes = pseudoRandomBytes(100_000, 1);
  const digest = hashBytes(bytes);

  it('lays objects out as objects/<2 hex>/<62 hex>', () => {
    expect(t.store.pathOf(EMPTY)).toBe(join(t.root, 'objects', 'af', EMPTY.slice(5)));
  });

  it('round-trips put and get', async () => {
    expect(t.store.has(digest)).toBe(false);
    expect(await t.store.put(digest, bytes)).toBe(true);
    expect(t.store.has(digest)).toBe(true);
    expect((await t.store.get(digest)).equals(bytes)).toBe(true);
    expect(await t.store.size(digest)).toBe(bytes.length);
    expect(await readFile(t.store.pathOf(digest))).toEqual(bytes);
    expect(await tempFiles()).toEqual([]);
  });

  it('stores the empty object', async () => {
    expect(await t.store.put(EMPTY, new Uint8Array(0))).toBe(true);
    expect((await t.store.get(EMPTY)).length).toBe(0);
  });

  it('stores only the bytes of a view', async () => {
    const padded = Buffer.concat([Buffer.from('xxxx'), bytes, Buffer.from('yyyy')]);
    expect(await t.store.put(digest, padded.subarray(4, 4 + bytes.length))).toBe(true);
    expect((await t.store.get(digest)).equals(bytes)).toBe(true);
  });

  it('makes stored objects read-only', async () => {
    await t.store.put(digest, bytes);
    expect((await stat(t.store.pathOf(digest))).mode & 0o222).toBe(0);
  });

  it('refuses bytes that do not match the digest, leaving nothing behind', async () => {
    const wrong = hashBytes(Buffer.from('something else'));
    const e = await rejection(t.store.put(wrong, bytes));
    expect(e.code).toBe('DigestMismatch');
    expect(e.data).toMatchObject({ expected: wrong, actual: digest });
    expect(t.store.has(wrong)).toBe(false);
    expect(t.store.has(digest)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('returns false for an object already stored and leaves the file alone', async () => {
    expect(await t.store.put(digest, bytes)).toBe(true);
    const path = t.store.pathOf(digest);
    const before = await stat(path);
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.store.put(digest, bytes)).toBe(false);
    const after = await stat(path);
    expect([after.ino, after.mtimeMs, after.size, after.nlink]).toEqual([before.ino, before.mtimeMs, before.size, before.nlink]);
    expect(await tempFiles()).toEqual([]);
  });

  it('lets exactly one of several concurrent puts of one object win', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => t.store.put(digest, bytes)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await t.store.get(digest)).equals(bytes)).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });

  it.each(['', 'b3:abc', EMPTY.toUpperCase(), 'b3:../../../../etc/passwd' + '0'.repeat(40), EMPTY.slice(3)])(
    'refuses the malformed digest %j with InvalidArgument',
    async (bad) => {
      expect(errorOf(() => t.store.pathOf(bad)).code).toBe('InvalidArgument');
      expect(errorOf(() => t.store.has(bad)).code).toBe('InvalidArgument');
      expect((await rejection(t.store.put(bad, bytes))).code).toBe('InvalidArgument');
      expect((await rejection(t.store.get(bad))).code).toBe('InvalidArgument');
      expect((await rejection(t.store.putStream(bad, pieces(bytes, 1000)))).code).toBe('InvalidArgument');
    },
  );

  it('reports a missing object as NotFound', async () => {
    const e = await rejection(t.store.get(digest));
    expect(e.code).toBe('NotFound');
    expect(e.data).toEqual({ kind: 'object', name: digest });
  });

  it('reports a damaged object as CorruptObject instead of returning it', async () => {
    await t.store.put(digest, bytes);
    const path = t.store.pathOf(digest);
    await chmod(path, 0o644);
    const damaged = Buffer.from(bytes);
    damaged[50_000]! ^= 0x01;
    await writeFile(path, damaged);
    const e = await rejection(t.store.get(digest));
    expect(e.code).toBe('CorruptObject');
    expect(e.data.digest).toBe(digest);
    // a truncated object too
    await writeFile(path, bytes.subarray(0, bytes.length - 1));
    expect((await rejection(t.store.get(digest))).code).toBe('CorruptObject');
  });

  it('lists what is missing in the order given, once each', async () => {
    const a = Buffer.from('a');
    const b = Buffer.from('b');
    const c = Buffer.from('c');
    const [da, db, dc] = [hashBytes(a), hashBytes(b), hashBytes(c)];
    await t.store.put(db, b);
    expect(t.store.missing([dc, da, db, dc, da, dc])).toEqual([dc, da]);
    expect(t.store.missing([db, db])).toEqual([]);
    expect(t.store.missing([])).toEqual([]);
    expect(errorOf(() => t.store.missing([da, 'nope'])).code).toBe('InvalidArgument');
  });

  it('lists every stored object and nothing else', async () => {
    expect(await allObjects()).toEqual([]);
    const stored = [];
    for (let i = 0; i < 20; i++) {
      const b = pseudoRandomBytes(i * 37, 100 + i);
      const d = hashBytes(b);
      await t.store.put(d, b);
      stored.push(d);
    }
    await t.store.put(stored[3]!, pseudoRandomBytes(3 * 37, 103)); // a repeat
    expect(await allObjects()).toEqual([...new Set(stored)].sort());
  });

  it('opens an existing store and sees its objects', async () => {
    await t.store.put(digest, bytes);
    const again = new FsObjectStore(t.root);
    expect(again.has(digest)).toBe(true);
    expect((await again.get(digest)).equals(bytes)).toBe(true);
  });
});

describe('FsObjectStore.putStream', () => {
  const bytes = pseudoRandomBytes(300_001, 2);
  const digest = hashBytes(bytes);

  it('stores a stream of pieces under its digest', async () => {
    expect(await t.store.putStream(digest, pieces(bytes, 65_536))).toBe(true);
    expect((await t.store.get(digest)).equals(bytes)).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });

  it('stores a stream of groups of pieces (as the server hands a request body over)', async () => {
    const groups = async function* () {
      const all: Buffer[] = [];
      for await (const p of pieces(bytes, 10_000)) all.push(Buffer.from(p));
      for (let i = 0; i < all.length; i += 3) yield all.slice(i, i + 3);
    };
    expect(await t.store.putStream(digest, groups())).toBe(true);
    expect((await t.store.get(digest)).equals(bytes)).toBe(true);
  });

  it('accepts a node Readable', async () => {
    expect(await t.store.putStream(digest, Readable.from(pieces(bytes, 7_777)))).toBe(true);
    expect((await t.store.get(digest)).equals(bytes)).toBe(true);
  });

  it('accepts an empty stream for the empty object', async () => {
    expect(await t.store.putStream(EMPTY, pieces(new Uint8Array(0), 1))).toBe(true);
    expect((await t.store.get(EMPTY)).length).toBe(0);
  });

  it('refuses a stream that does not match the digest, leaving nothing behind', async () => {
    const wrong = hashBytes(Buffer.from('other'));
    const e = await rejection(t.store.putStream(wrong, pieces(bytes, 10_000)));
    expect(e.code).toBe('DigestMismatch');
    expect(e.data).toMatchObject({ expected: wrong, actual: digest });
    expect(t.store.has(wrong)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('returns false for an object already stored and leaves the file alone', async () => {
    expect(await t.store.putStream(digest, pieces(bytes, 50_000))).toBe(true);
    const before = await stat(t.store.pathOf(digest));
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.store.putStream(digest, pieces(bytes, 33_333))).toBe(false);
    const after = await stat(t.store.pathOf(digest));
    expect([after.ino, after.mtimeMs, after.nlink]).toEqual([before.ino, before.mtimeMs, before.nlink]);
    expect(await tempFiles()).toEqual([]);
    // and put after putStream agrees
    expect(await t.store.put(digest, bytes)).toBe(false);
  });

  it('refuses a stream larger than maxSize, leaving nothing behind and stopping the source', async () => {
    let pulled = 0;
    let finished = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          pulled++;
          yield bytes.subarray(0, 1000);
        }
      } finally {
        finished = true;
      }
    }
    const e = await rejection(t.store.putStream(digest, endless(), 4_500));
    expect(e.code).toBe('InvalidArgument');
    expect(e.data.argument).toBe('object');
    expect(pulled).toBe(5);
    expect(finished).toBe(true);
    expect(t.store.has(digest)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('accepts a stream of exactly maxSize bytes', async () => {
    const small = bytes.subarray(0, 4_500);
    expect(await t.store.putStream(hashBytes(small), pieces(small, 1000), 4_500)).toBe(true);
  });

  it('refuses a Readable over maxSize and destroys it', async () => {
    const readable = Readable.from(pieces(bytes, 1000));
    const e = await rejection(t.store.putStream(digest, readable, 10_000));
    expect(e.code).toBe('InvalidArgument');
    expect(readable.destroyed).toBe(true);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('cleans up when the source fails', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 1000);
      throw new Error('connection reset');
    }
    await expect(t.store.putStream(digest, failing())).rejects.toThrow('connection reset');
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('defaults maxSize to MAX_OBJECT_SIZE, 64 MiB', async () => {
    expect(MAX_OBJECT_SIZE).toBe(64 * 1024 * 1024);
    const MiB = new Uint8Array(1024 * 1024);
    let pulled = 0;
    async function* big(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 65; i++) {
        pulled++;
        yield MiB;
      }
    }
    const e = await rejection(t.store.putStream(digest, big()));
    expect(e.code).toBe('InvalidArgument');
    expect(pulled).toBe(65);
    expect(await tempFiles()).toEqual([]);
  });
});

describe('FsObjectStore.putSync', () => {
  const bytes = Buffer.from('arca-version 2\0{}');
  const digest = hashBytes(bytes);

  it('stores, returns false the second time, and refuses a wrong digest', async () => {
    expect(t.store.putSync(digest, bytes)).toBe(true);
    expect(t.store.putSync(digest, bytes)).toBe(false);
    expect((await t.store.get(digest)).equals(bytes)).toBe(true);
    const wrong = hashBytes(Buffer.from('x'));
    const e = errorOf(() => t.store.putSync(wrong, bytes));
    expect(e.code).toBe('DigestMismatch');
    expect(t.store.has(wrong)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([digest]);
  });
});

describe('FsObjectStore.putBatch', () => {
  const objects = (n: number, seed: number, size = 20_000) =>
    Array.from({ length: n }, (_, i) => {
      const bytes = pseudoRandomBytes(size + ((i * 977) % 5_000), seed + i);
      return { digest: hashBytes(bytes), bytes };
    });
  const packsDir = () => join(t.root, 'objects', 'packs');
  const packFiles = async () => (existsSync(packsDir()) ? (await readdir(packsDir())).sort() : []);

  it('round-trips a batch through one pack file, seen by has, missing, get, size and list', async () => {
    const batch = objects(50, 1000);
    expect(await t.store.putBatch(batch)).toEqual({ stored: 50, existing: 0 });
    const packs = await packFiles();
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatch(/^[0-9a-f]{64}\.pack$/);
    expect((await stat(join(packsDir(), packs[0]!))).mode & 0o222).toBe(0);
    for (const o of batch) {
      expect(t.store.has(o.digest)).toBe(true);
      expect((await t.store.get(o.digest)).equals(o.bytes)).toBe(true);
      expect(await t.store.size(o.digest)).toBe(o.bytes.length);
      expect(existsSync(t.store.pathOf(o.digest))).toBe(false); // packed, not loose
    }
    const absent = hashBytes(Buffer.from('absent'));
    expect(t.store.missing([absent, ...batch.map((o) => o.digest), absent])).toEqual([absent]);
    expect(await allObjects()).toEqual(batch.map((o) => o.digest).sort());
    expect(await tempFiles()).toEqual([]);
  });

  it('stores objects given as parts exactly like whole ones, and refuses parts that do not add up to the digest', async () => {
    const whole = objects(3, 1500);
    const cut = (b: Uint8Array) => [b.subarray(0, 1), b.subarray(1, 7_000), b.subarray(7_000, 7_000), b.subarray(7_000)];
    expect(await t.store.putBatch(whole.map((o) => ({ digest: o.digest, bytes: cut(o.bytes) })))).toEqual({ stored: 3, existing: 0 });
    for (const o of whole) {
      expect((await t.store.get(o.digest)).equals(o.bytes)).toBe(true);
      expect(await t.store.size(o.digest)).toBe(o.bytes.length);
    }
    const [o] = objects(1, 1600);
    const e = await rejection(t.store.putBatch([{ digest: o!.digest, bytes: cut(o!.bytes).slice(0, 3) }]));
    expect(e.code).toBe('DigestMismatch');
    expect(t.store.missing([o!.digest])).toEqual([o!.digest]);
  });

  it('stores the empty object and an empty batch', async () => {
    expect(await t.store.putBatch([])).toEqual({ stored: 0, existing: 0 });
    expect(await packFiles()).toEqual([]);
    expect(await t.store.putBatch([{ digest: EMPTY, bytes: new Uint8Array(0) }])).toEqual({ stored: 1, existing: 0 });
    expect((await t.store.get(EMPTY)).length).toBe(0);
    expect(await t.store.size(EMPTY)).toBe(0);
  });

  it('stores nothing, no pack and no rows, when one object does not match its digest', async () => {
    const batch = objects(10, 2000);
    batch[7] = { digest: batch[7]!.digest, bytes: Buffer.from('tampered') };
    const e = await rejection(t.store.putBatch(batch));
    expect(e.code).toBe('DigestMismatch');
    expect(e.data).toMatchObject({ expected: batch[7]!.digest });
    expect(await packFiles()).toEqual([]);
    expect(await tempFiles()).toEqual([]);
    expect(t.store.missing(batch.map((o) => o.digest))).toHaveLength(10);
    expect(await allObjects()).toEqual([]);
  });

  it('refuses a malformed digest before writing anything', async () => {
    const e = await rejection(t.store.putBatch([...objects(2, 2500), { digest: 'b3:nope', bytes: Buffer.from('x') }]));
    expect(e.code).toBe('InvalidArgument');
    expect(await packFiles()).toEqual([]);
  });

  it('skips objects already held loose or packed, and repeats within the batch, counting them as existing', async () => {
    const [a, b, c, d] = objects(4, 3000);
    await t.store.put(a!.digest, a!.bytes);
    expect(await t.store.putBatch([b!])).toEqual({ stored: 1, existing: 0 });
    expect(await t.store.putBatch([a!, b!, c!, c!, d!])).toEqual({ stored: 2, existing: 3 });
    expect(await packFiles()).toHaveLength(2);
    // the loose one stays loose and is listed once
    expect(existsSync(t.store.pathOf(a!.digest))).toBe(true);
    expect(await allObjects()).toEqual([a, b, c, d].map((o) => o!.digest).sort());
    // nothing new: no pack is written at all
    expect(await t.store.putBatch([a!, b!, c!])).toEqual({ stored: 0, existing: 3 });
    expect(await packFiles()).toHaveLength(2);
    // and put() of a packed object reports it held instead of writing a loose copy
    expect(await t.store.put(c!.digest, c!.bytes)).toBe(false);
    expect(t.store.putSync(d!.digest, d!.bytes)).toBe(false);
    expect(existsSync(t.store.pathOf(c!.digest))).toBe(false);
  });

  it('handles two batches with overlapping objects, sequential and concurrent', async () => {
    const all = objects(30, 4000);
    expect(await t.store.putBatch(all.slice(0, 20))).toEqual({ stored: 20, existing: 0 });
    expect(await t.store.putBatch(all.slice(10, 30))).toEqual({ stored: 10, existing: 10 });
    const more = objects(30, 5000);
    const [x, y] = await Promise.all([t.store.putBatch(more.slice(0, 20)), t.store.putBatch(more.slice(10, 30))]);
    // Racing batches both write; each object is indexed once and counted stored once.
    expect(x.stored + y.stored).toBe(30);
    expect(x.existing + y.existing).toBe(10);
    for (const o of [...all, ...more]) expect((await t.store.get(o.digest)).equals(o.bytes)).toBe(true);
    expect(await allObjects()).toEqual([...all, ...more].map((o) => o.digest).sort());
  });

  it('names a pack by its content: the same batch again is the same pack, not overwritten', async () => {
    const batch = objects(5, 6000);
    await t.store.putBatch(batch);
    const [pack] = await packFiles();
    const before = await stat(join(packsDir(), pack!));
    // Drop the rows (as a crash before the insert would) and write the identical batch again.
    await t.store.close();
    await rm(join(t.root, 'objects', 'packs.sqlite'));
    await rm(join(t.root, 'objects', 'packs.sqlite-wal'), { force: true });
    await rm(join(t.root, 'objects', 'packs.sqlite-shm'), { force: true });
    expect(await t.store.putBatch(batch)).toEqual({ stored: 5, existing: 0 });
    expect(await packFiles()).toEqual([pack]);
    const after = await stat(join(packsDir(), pack!));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(await tempFiles()).toEqual([]);
  });

  it('reports damaged pack bytes as CorruptObject and never returns them', async () => {
    const batch = objects(3, 7000);
    await t.store.putBatch(batch);
    const [pack] = await packFiles();
    const path = join(packsDir(), pack!);
    await chmod(path, 0o644);
    const bytes = await readFile(path);
    // flip a byte inside the second object's body
    const second = bytes.indexOf(batch[1]!.bytes.subarray(0, 64));
    expect(second).toBeGreaterThan(0);
    bytes[second + 100]! ^= 0x01;
    await writeFile(path, bytes);
    const e = await rejection(t.store.get(batch[1]!.digest));
    expect(e.code).toBe('CorruptObject');
    expect(e.data.digest).toBe(batch[1]!.digest);
    expect((await t.store.get(batch[0]!.digest)).equals(batch[0]!.bytes)).toBe(true);
    // truncated: the last object's range runs past the end
    await writeFile(path, bytes.subarray(0, bytes.length - 10));
    expect((await rejection(t.store.get(batch[2]!.digest))).code).toBe('CorruptObject');
    // gone: the rows promise bytes that are not there
    await rm(path);
    expect((await rejection(t.store.get(batch[0]!.digest))).code).toBe('CorruptObject');
  });

  it('after a crash between pack and index (a pack with no rows): objects are missing, and putBatch again works', async () => {
    const batch = objects(8, 8000);
    await t.store.putBatch(batch);
    const [pack] = await packFiles();
    const orphan = await readFile(join(packsDir(), pack!));
    // A fresh data dir holding only the pack file, as if the process died before the insert.
    await t.store.close();
    await rm(t.root, { recursive: true, force: true });
    t.store = new FsObjectStore(t.root);
    await (await import('node:fs/promises')).mkdir(packsDir(), { recursive: true });
    await writeFile(join(packsDir(), pack!), orphan, { mode: 0o444 });
    expect(t.store.missing(batch.map((o) => o.digest))).toHaveLength(8);
    expect((await rejection(t.store.get(batch[0]!.digest))).code).toBe('NotFound');
    expect(await allObjects()).toEqual([]);
    const half = batch.slice(0, 4);
    expect(await t.store.putBatch(half)).toEqual({ stored: 4, existing: 0 });
    expect(await t.store.putBatch(batch)).toEqual({ stored: 4, existing: 4 });
    for (const o of batch) expect((await t.store.get(o.digest)).equals(o.bytes)).toBe(true);
  });

  it('makes the pack index, in WAL mode, before its writer thread starts: the thread never races this connection to create it', async () => {
    const index = join(t.root, 'objects', 'packs.sqlite');
    t.store.startPackWriter();
    // Synchronously: no await has let the thread run yet.
    expect(existsSync(index)).toBe(true);
    const db = new Database(index, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    const batch = objects(3, 9500);
    expect(await t.store.putBatch(batch)).toEqual({ stored: 3, existing: 0 });
  });

  it('persists across reopening the store', async () => {
    const batch = objects(20, 9000);
    await t.store.putBatch(batch);
    await t.store.close();
    const again = new FsObjectStore(t.root);
    try {
      expect(again.missing(batch.map((o) => o.digest))).toEqual([]);
      for (const o of batch) expect((await again.get(o.digest)).equals(o.bytes)).toBe(true);
      expect((await (async () => { const out = []; for await (const d of again.list()) out.push(d); return out; })()).sort()).toEqual(batch.map((o) => o.digest).sort());
    } finally {
      await again.close();
    }
  });

  it('answers missing() for 100 000 digests quickly', async () => {
    const held = objects(1000, 10_000, 100);
    for (let i = 0; i < held.length; i += 250) await t.store.putBatch(held.slice(i, i + 250));
    const loose = held.slice(0, 10);
    for (const o of objects(10, 20_000, 100)) await t.store.put(o.digest, o.bytes), loose.push(o);
    const absent = Array.from({ length: 100_000 - held.length - 10 }, (_, i) => hashBytes(Buffer.from(`absent ${i}`)));
    const digests = [...held.map((o) => o.digest), ...loose.slice(10).map((o) => o.digest), ...absent];
    const t0 = performance.now();
    const missing = t.store.missing(digests);
    const ms = performance.now() - t0;
    console.log(`missing() of ${digests.length} digests (${held.length} packed, 10 loose): ${ms.toFixed(0)} ms`);
    expect(missing).toEqual(absent);
  });
});

describe('FsObjectStore.locate', () => {
  it('gives the file, offset and size of loose and packed objects, whose bytes are the object itself', async () => {
    const loose = pseudoRandomBytes(300_000, 71);
    await t.store.put(hashBytes(loose), loose);
    const packed = [pseudoRandomBytes(20_000, 72), pseudoRandomBytes(30_000, 73)];
    await t.store.putBatch(packed.map((bytes) => ({ digest: hashBytes(bytes), bytes })));
    const absent = hashBytes(Buffer.from('absent'));
    const wanted = [hashBytes(loose), ...packed.map((b) => hashBytes(b)), absent, hashBytes(loose)];

    const found = t.store.locate(wanted);
    expect([...found.keys()]).toEqual(wanted.slice(0, 3));
    const looseAt = found.get(hashBytes(loose))!;
    expect(looseAt).toEqual({ file: `${hashBytes(loose).slice(3, 5)}/${hashBytes(loose).slice(5)}`, offset: 0, size: 300_000 });
    for (const bytes of [loose, ...packed]) {
      const at = found.get(hashBytes(bytes))!;
      const file = await readFile(join(t.store.objectsDir, at.file));
      expect(file.subarray(at.offset, at.offset + at.size).equals(bytes)).toBe(true);
    }
    expect(found.get(hashBytes(packed[1]!))!.file).toMatch(/^packs\/[0-9a-f]{64}\.pack$/);
  });
});
