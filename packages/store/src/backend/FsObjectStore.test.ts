import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { ArcaError } from '../errors/ArcaError.js';
import { FsObjectStore, MAX_OBJECT_SIZE } from './FsObjectStore.js';

const EMPTY = 'b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';

function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

async function rejection(p: Promise<unknown>): Promise<ArcaError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ArcaError);
    return err as ArcaError;
  }
  throw new Error('expected a rejection');
}

function errorOf(fn: () => unknown): ArcaError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArcaError);
    return err as ArcaError;
  }
  throw new Error('expected a throw');
}

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

let root: string;
let store: FsObjectStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'arca-objects-'));
  store = new FsObjectStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under the store root other than the objects themselves. */
async function tempFiles(): Promise<string[]> {
  return readdir(join(root, 'tmp'));
}
async function allObjects(): Promise<string[]> {
  const out: string[] = [];
  for await (const d of store.list()) out.push(d);
  return out.sort();
}

describe('FsObjectStore', () => {
  const bytes = pseudoRandomBytes(100_000, 1);
  const digest = hashBytes(bytes);

  it('lays objects out as objects/<2 hex>/<62 hex>', () => {
    expect(store.pathOf(EMPTY)).toBe(join(root, 'objects', 'af', EMPTY.slice(5)));
  });

  it('round-trips put and get', async () => {
    expect(store.has(digest)).toBe(false);
    expect(await store.put(digest, bytes)).toBe(true);
    expect(store.has(digest)).toBe(true);
    expect((await store.get(digest)).equals(bytes)).toBe(true);
    expect(await store.size(digest)).toBe(bytes.length);
    expect(await readFile(store.pathOf(digest))).toEqual(bytes);
    expect(await tempFiles()).toEqual([]);
  });

  it('stores the empty object', async () => {
    expect(await store.put(EMPTY, new Uint8Array(0))).toBe(true);
    expect((await store.get(EMPTY)).length).toBe(0);
  });

  it('stores only the bytes of a view', async () => {
    const padded = Buffer.concat([Buffer.from('xxxx'), bytes, Buffer.from('yyyy')]);
    expect(await store.put(digest, padded.subarray(4, 4 + bytes.length))).toBe(true);
    expect((await store.get(digest)).equals(bytes)).toBe(true);
  });

  it('makes stored objects read-only', async () => {
    await store.put(digest, bytes);
    expect((await stat(store.pathOf(digest))).mode & 0o222).toBe(0);
  });

  it('refuses bytes that do not match the digest, leaving nothing behind', async () => {
    const wrong = hashBytes(Buffer.from('something else'));
    const e = await rejection(store.put(wrong, bytes));
    expect(e.code).toBe('DigestMismatch');
    expect(e.data).toMatchObject({ expected: wrong, actual: digest });
    expect(store.has(wrong)).toBe(false);
    expect(store.has(digest)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('returns false for an object already stored and leaves the file alone', async () => {
    expect(await store.put(digest, bytes)).toBe(true);
    const path = store.pathOf(digest);
    const before = await stat(path);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.put(digest, bytes)).toBe(false);
    const after = await stat(path);
    expect([after.ino, after.mtimeMs, after.size, after.nlink]).toEqual([before.ino, before.mtimeMs, before.size, before.nlink]);
    expect(await tempFiles()).toEqual([]);
  });

  it('lets exactly one of several concurrent puts of one object win', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put(digest, bytes)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.get(digest)).equals(bytes)).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });

  it.each(['', 'b3:abc', EMPTY.toUpperCase(), 'b3:../../../../etc/passwd' + '0'.repeat(40), EMPTY.slice(3)])(
    'refuses the malformed digest %j with InvalidArgument',
    async (bad) => {
      expect(errorOf(() => store.pathOf(bad)).code).toBe('InvalidArgument');
      expect(errorOf(() => store.has(bad)).code).toBe('InvalidArgument');
      expect((await rejection(store.put(bad, bytes))).code).toBe('InvalidArgument');
      expect((await rejection(store.get(bad))).code).toBe('InvalidArgument');
      expect((await rejection(store.putStream(bad, pieces(bytes, 1000)))).code).toBe('InvalidArgument');
    },
  );

  it('reports a missing object as NotFound', async () => {
    const e = await rejection(store.get(digest));
    expect(e.code).toBe('NotFound');
    expect(e.data).toEqual({ kind: 'object', name: digest });
  });

  it('reports a damaged object as CorruptObject instead of returning it', async () => {
    await store.put(digest, bytes);
    const path = store.pathOf(digest);
    await chmod(path, 0o644);
    const damaged = Buffer.from(bytes);
    damaged[50_000]! ^= 0x01;
    await writeFile(path, damaged);
    const e = await rejection(store.get(digest));
    expect(e.code).toBe('CorruptObject');
    expect(e.data.digest).toBe(digest);
    // a truncated object too
    await writeFile(path, bytes.subarray(0, bytes.length - 1));
    expect((await rejection(store.get(digest))).code).toBe('CorruptObject');
  });

  it('lists what is missing in the order given, once each', async () => {
    const a = Buffer.from('a');
    const b = Buffer.from('b');
    const c = Buffer.from('c');
    const [da, db, dc] = [hashBytes(a), hashBytes(b), hashBytes(c)];
    await store.put(db, b);
    expect(store.missing([dc, da, db, dc, da, dc])).toEqual([dc, da]);
    expect(store.missing([db, db])).toEqual([]);
    expect(store.missing([])).toEqual([]);
    expect(errorOf(() => store.missing([da, 'nope'])).code).toBe('InvalidArgument');
  });

  it('lists every stored object and nothing else', async () => {
    expect(await allObjects()).toEqual([]);
    const stored = [];
    for (let i = 0; i < 20; i++) {
      const b = pseudoRandomBytes(i * 37, 100 + i);
      const d = hashBytes(b);
      await store.put(d, b);
      stored.push(d);
    }
    await store.put(stored[3]!, pseudoRandomBytes(3 * 37, 103)); // a repeat
    expect(await allObjects()).toEqual([...new Set(stored)].sort());
  });

  it('opens an existing store and sees its objects', async () => {
    await store.put(digest, bytes);
    const again = new FsObjectStore(root);
    expect(again.has(digest)).toBe(true);
    expect((await again.get(digest)).equals(bytes)).toBe(true);
  });
});

describe('FsObjectStore.putStream', () => {
  const bytes = pseudoRandomBytes(300_001, 2);
  const digest = hashBytes(bytes);

  it('stores a stream of pieces under its digest', async () => {
    expect(await store.putStream(digest, pieces(bytes, 65_536))).toBe(true);
    expect((await store.get(digest)).equals(bytes)).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });

  it('accepts a node Readable', async () => {
    expect(await store.putStream(digest, Readable.from(pieces(bytes, 7_777)))).toBe(true);
    expect((await store.get(digest)).equals(bytes)).toBe(true);
  });

  it('accepts an empty stream for the empty object', async () => {
    expect(await store.putStream(EMPTY, pieces(new Uint8Array(0), 1))).toBe(true);
    expect((await store.get(EMPTY)).length).toBe(0);
  });

  it('refuses a stream that does not match the digest, leaving nothing behind', async () => {
    const wrong = hashBytes(Buffer.from('other'));
    const e = await rejection(store.putStream(wrong, pieces(bytes, 10_000)));
    expect(e.code).toBe('DigestMismatch');
    expect(e.data).toMatchObject({ expected: wrong, actual: digest });
    expect(store.has(wrong)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('returns false for an object already stored and leaves the file alone', async () => {
    expect(await store.putStream(digest, pieces(bytes, 50_000))).toBe(true);
    const before = await stat(store.pathOf(digest));
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.putStream(digest, pieces(bytes, 33_333))).toBe(false);
    const after = await stat(store.pathOf(digest));
    expect([after.ino, after.mtimeMs, after.nlink]).toEqual([before.ino, before.mtimeMs, before.nlink]);
    expect(await tempFiles()).toEqual([]);
    // and put after putStream agrees
    expect(await store.put(digest, bytes)).toBe(false);
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
    const e = await rejection(store.putStream(digest, endless(), 4_500));
    expect(e.code).toBe('InvalidArgument');
    expect(e.data.argument).toBe('object');
    expect(pulled).toBe(5);
    expect(finished).toBe(true);
    expect(store.has(digest)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([]);
  });

  it('accepts a stream of exactly maxSize bytes', async () => {
    const small = bytes.subarray(0, 4_500);
    expect(await store.putStream(hashBytes(small), pieces(small, 1000), 4_500)).toBe(true);
  });

  it('refuses a Readable over maxSize and destroys it', async () => {
    const readable = Readable.from(pieces(bytes, 1000));
    const e = await rejection(store.putStream(digest, readable, 10_000));
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
    await expect(store.putStream(digest, failing())).rejects.toThrow('connection reset');
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
    const e = await rejection(store.putStream(digest, big()));
    expect(e.code).toBe('InvalidArgument');
    expect(pulled).toBe(65);
    expect(await tempFiles()).toEqual([]);
  });
});

describe('FsObjectStore.putSync', () => {
  const bytes = Buffer.from('arca-version 2\0{}');
  const digest = hashBytes(bytes);

  it('stores, returns false the second time, and refuses a wrong digest', async () => {
    expect(store.putSync(digest, bytes)).toBe(true);
    expect(store.putSync(digest, bytes)).toBe(false);
    expect((await store.get(digest)).equals(bytes)).toBe(true);
    const wrong = hashBytes(Buffer.from('x'));
    const e = errorOf(() => store.putSync(wrong, bytes));
    expect(e.code).toBe('DigestMismatch');
    expect(store.has(wrong)).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await allObjects()).toEqual([digest]);
  });
});
