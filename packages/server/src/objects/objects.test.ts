import { FsObjectStore, hashBytes } from '@arca/store';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { TEST_ADMIN_KEY, useTestServer } from '../testing/useTestServer.js';
import { encodeFrameHeader } from './encodeFrameHeader.js';
import { readFrames } from './readFrames.js';

const MiB = 1024 * 1024;

function frames(objects: { digest?: string; bytes: Buffer }[]): Buffer {
  return Buffer.concat(objects.flatMap((o) => [encodeFrameHeader(o.digest ?? hashBytes(o.bytes), o.bytes.length), o.bytes]));
}

function corrupt(dataDir: string, digest: string): void {
  const path = new FsObjectStore(dataDir).pathOf(digest);
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[0] = bytes[0]! ^ 0xff;
  writeFileSync(path, bytes);
}

describe('objects', () => {
  const t = useTestServer();
  const hello = Buffer.from('hello');
  const helloDigest = hashBytes(hello);

  describe('PUT /objects/{digest}', () => {
    it('stores an object once: 201 then 200', async () => {
      let res = await t.call('PUT', `/objects/${helloDigest}`, { body: hello, headers: { 'content-type': 'application/octet-stream' } });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ digest: helloDigest, stored: true });
      res = await t.call('PUT', `/objects/${helloDigest}`, { body: hello });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ digest: helloDigest, stored: false });
      expect(await t.stats()).toEqual({ objects: 1, bytes: 5 });
    });

    it('stores an empty object and a multi-MiB one', async () => {
      await t.putObject(Buffer.alloc(0));
      const big = Buffer.alloc(5 * MiB, 3);
      const res = await t.call('PUT', `/objects/${hashBytes(big)}`, { body: big });
      expect(res.status).toBe(201);
      expect(await t.stats()).toEqual({ objects: 2, bytes: 5 * MiB });
    });

    it('refuses a body that does not hash to the digest and keeps nothing, not even a temp file', async () => {
      const wrong = hashBytes(Buffer.from('other'));
      // Compressed bytes are refused as such, before any is read, not as a digest mismatch.
      expect(await expectError(await t.call('PUT', `/objects/${helloDigest}`, { body: hello, headers: { 'content-encoding': 'gzip' } }), 415, 'UnsupportedMediaType')).toEqual({
        header: 'Content-Encoding',
        expected: 'identity',
        got: 'gzip',
      });
      const data = await expectError(await t.call('PUT', `/objects/${wrong}`, { body: hello }), 400, 'DigestMismatch');
      expect(data).toMatchObject({ expected: wrong, actual: helloDigest });
      expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
      expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
      // The connection is still good for the next request.
      expect((await t.call('GET', '/health')).status).toBe(200);
    });

    it('refuses a malformed digest', async () => {
      for (const bad of ['abc', `b3:${'A'.repeat(64)}`, `b3:${'0'.repeat(63)}`, `sha256:${'0'.repeat(64)}`]) {
        const data = await expectError(await t.call('PUT', `/objects/${bad}`, { body: hello }), 400, 'InvalidArgument');
        expect(data.argument).toBe('digest');
      }
      expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
    });

    it('refuses a body over 64 MiB with 413, by Content-Length and when streamed without one', async () => {
      const big = Buffer.alloc(64 * MiB + 1, 1);
      const digest = hashBytes(big);
      await expectError(await t.call('PUT', `/objects/${digest}`, { body: big }), 413, 'PayloadTooLarge');
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 65; i++) controller.enqueue(big.subarray(i * MiB, Math.min(big.length, (i + 1) * MiB)));
          controller.close();
        },
      });
      const res = await fetch(`${t.url}/api/v1/objects/${digest}`, { method: 'PUT', body: stream, duplex: 'half', headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } } as RequestInit);
      await expectError(res, 413, 'PayloadTooLarge');
      expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
      expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
    });
  });

  it('PUT: a client that hangs up mid-upload leaves no object and no temp file, and logs nothing', async () => {
    const big = Buffer.alloc(8 * MiB, 4);
    const url = new URL(`${t.url}/api/v1/objects/${hashBytes(big)}`);
    await new Promise<void>((resolve) => {
      const req = request(url, { method: 'PUT', headers: { 'content-length': String(big.length), authorization: `Bearer ${TEST_ADMIN_KEY}` } });
      req.on('error', () => resolve());
      req.write(big.subarray(0, 3 * MiB), () => setTimeout(() => req.destroy(), 50));
    });
    for (let i = 0; i < 50 && readdirSync(join(t.dataDir, 'tmp')).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
    expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
    expect(t.logged).toEqual([]);
  });

  describe('GET /objects/{digest}', () => {
    it('serves verified bytes with immutable caching headers', async () => {
      await t.putObject(hello);
      const res = await t.call('GET', `/objects/${helloDigest}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-length')).toBe('5');
      // private: the answer needs a key, so a shared cache (a caching reverse proxy, a CDN) must not keep it
      // and hand it to requests without one; `public` would allow exactly that (RFC 9111, 3.5).
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(res.headers.get('etag')).toBe(`"${helloDigest}"`);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(hello);
    });

    it('answers 404 for an unknown object and 400 for a malformed digest', async () => {
      const data = await expectError(await t.call('GET', `/objects/${helloDigest}`), 404, 'NotFound');
      expect(data).toEqual({ kind: 'object', name: helloDigest });
      await expectError(await t.call('GET', '/objects/b3:xyz'), 400, 'InvalidArgument');
    });

    it('answers 500 CorruptObject for a damaged object and never serves it or leaks its path', async () => {
      await t.putObject(hello);
      corrupt(t.dataDir, helloDigest);
      const res = await t.call('GET', `/objects/${helloDigest}`);
      const text = await res.clone().text();
      const data = await expectError(res, 500, 'CorruptObject');
      expect(data.digest).toBe(helloDigest);
      expect(text).not.toContain(t.dataDir);
      expect(text).not.toContain('hello');
      expect(t.logged).toHaveLength(1);
    });
  });

  describe('POST /objects/missing', () => {
    it('lists what is missing in request order without duplicates', async () => {
      await t.putObject(hello);
      const a = hashBytes(Buffer.from('a'));
      const b = hashBytes(Buffer.from('b'));
      const res = await t.call('POST', '/objects/missing', { json: { digests: [b, helloDigest, a, b] } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ missing: [b, a] });
    });

    it('handles 100 000 digests', async () => {
      const digests = Array.from({ length: 100_000 }, (_, i) => hashBytes(Buffer.from(String(i))));
      const res = await t.call('POST', '/objects/missing', { json: { digests } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { missing: string[] }).missing).toHaveLength(100_000);
    });

    it('refuses bad bodies with the right error', async () => {
      const call = (body: string) => t.call('POST', '/objects/missing', { body, headers: { 'content-type': 'application/json' } });
      await expectError(await call('{"digests": ['), 400, 'InvalidJson');
      await expectError(await call(''), 400, 'InvalidJson');
      expect(await expectError(await call('[]'), 400, 'InvalidArgument')).toMatchObject({ argument: 'body' });
      expect(await expectError(await call('{}'), 400, 'InvalidArgument')).toMatchObject({ argument: 'digests' });
      expect(await expectError(await call('{"digests": "b3:00"}'), 400, 'InvalidArgument')).toMatchObject({ argument: 'digests' });
      expect(await expectError(await call('{"digests": [1]}'), 400, 'InvalidArgument')).toMatchObject({ argument: 'digests[0]' });
      expect(await expectError(await call(`{"digests": ["${helloDigest}", "b3:00"]}`), 400, 'InvalidArgument')).toMatchObject({
        argument: 'digests[1]',
      });
      expect(await expectError(await call(`{"digests": [], "extra": 1}`), 400, 'InvalidArgument')).toMatchObject({ argument: 'extra' });
      const tooMany = JSON.stringify({ digests: Array.from({ length: 100_001 }, () => helloDigest) });
      expect(await expectError(await call(tooMany), 400, 'InvalidArgument')).toMatchObject({ argument: 'digests' });
      await expectError(await call(`{"digests": ["${'x'.repeat(9 * MiB)}"]}`), 413, 'PayloadTooLarge');
    });
  });

  describe('POST /objects/batch', () => {
    const batch = (body: Buffer) => t.call('POST', '/objects/batch', { body, headers: { 'content-type': 'application/vnd.arca.objects' } });

    it('stores every framed object, counting those already held', async () => {
      await t.putObject(hello);
      const objects = [hello, Buffer.alloc(0), Buffer.alloc(3 * MiB, 9), ...Array.from({ length: 500 }, (_, i) => Buffer.from(`file ${i}`))];
      const res = await batch(frames(objects.map((bytes) => ({ bytes }))));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ stored: 502, existing: 1 });
      const missing = await t.call('POST', '/objects/missing', { json: { digests: objects.map((o) => hashBytes(o)) } });
      expect(await missing.json()).toEqual({ missing: [] });
    });

    it('accepts an empty batch', async () => {
      const res = await batch(Buffer.alloc(0));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ stored: 0, existing: 0 });
    });

    it('refuses an object whose bytes do not match its digest, and stores nothing of the request', async () => {
      const a = Buffer.from('a');
      const c = Buffer.from('c');
      const wrong = hashBytes(Buffer.from('not a'));
      const data = await expectError(await batch(frames([{ bytes: a }, { digest: wrong, bytes: Buffer.from('b') }, { bytes: c }])), 400, 'DigestMismatch');
      expect(data.expected).toBe(wrong);
      const res = await t.call('POST', '/objects/missing', { json: { digests: [hashBytes(a), wrong, hashBytes(c)] } });
      // All or nothing per request: the good objects before and after are not stored either.
      expect(await res.json()).toEqual({ missing: [hashBytes(a), wrong, hashBytes(c)] });
      expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
      expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
      // The connection is still good for the next request.
      expect((await t.call('GET', '/health')).status).toBe(200);
    });

    it('stores a batch as one pack, readable, listed and counted like loose objects', async () => {
      const objects = Array.from({ length: 300 }, (_, i) => Buffer.alloc(20_000 + i, i));
      const res = await batch(frames(objects.map((bytes) => ({ bytes }))));
      expect(await res.json()).toEqual({ stored: 300, existing: 0 });
      expect(readdirSync(join(t.dataDir, 'objects', 'packs'))).toHaveLength(1);
      expect(await t.stats()).toEqual({ objects: 300, bytes: objects.reduce((n, o) => n + o.length, 0) });
      const got = await t.call('GET', `/objects/${hashBytes(objects[123]!)}`);
      expect(Buffer.from(await got.arrayBuffer()).equals(objects[123]!)).toBe(true);
      const fetched = await t.call('POST', '/objects/fetch', { json: { digests: [hashBytes(objects[7]!), hashBytes(objects[299]!)] } });
      expect(fetched.status).toBe(200);
      // A repeat of the same batch stores nothing new and writes no pack.
      expect(await (await batch(frames(objects.map((bytes) => ({ bytes }))))).json()).toEqual({ stored: 0, existing: 300 });
      expect(readdirSync(join(t.dataDir, 'objects', 'packs'))).toHaveLength(1);
    });

    it('stores nothing of a request whose last frame is malformed', async () => {
      const good = frames([{ bytes: Buffer.from('x') }, { bytes: Buffer.from('y') }]);
      const header = encodeFrameHeader(hashBytes(Buffer.from('z')), 65 * MiB);
      await expectError(await batch(Buffer.concat([good, header])), 400, 'InvalidArgument');
      expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
    });

    it('refuses a truncated frame', async () => {
      const body = frames([{ bytes: Buffer.from('abc') }]);
      expect(await expectError(await batch(body.subarray(0, body.length - 1)), 400, 'InvalidArgument')).toMatchObject({ argument: 'body' });
      expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
    });

    it('refuses a batch over 64 MiB with 413', async () => {
      const big = Buffer.alloc(40 * MiB, 1);
      const other = Buffer.alloc(30 * MiB, 2);
      await expectError(await batch(frames([{ bytes: big }, { bytes: other }])), 413, 'PayloadTooLarge');
      expect(await t.stats()).toEqual({ objects: 0, bytes: 0 });
    });
  });

  describe('POST /objects/fetch', () => {
    it('streams the objects framed, in request order, duplicates included', async () => {
      const a = Buffer.from('a');
      const big = Buffer.alloc(3 * MiB, 5);
      for (const o of [a, hello, big]) await t.putObject(o);
      const digests = [hashBytes(big), helloDigest, hashBytes(a), helloDigest];
      const res = await t.call('POST', '/objects/fetch', { json: { digests } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.arca.objects');
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get('content-length')).toBe(String(body.length));
      async function* one() {
        yield [body];
      }
      const got: { digest: string; bytes: Buffer }[] = [];
      for await (const f of readFrames(one(), 64 * MiB)) got.push({ digest: f.digest, bytes: Buffer.concat(f.bytes) });
      expect(got.map((f) => f.digest)).toEqual(digests);
      expect(got.map((f) => hashBytes(f.bytes))).toEqual(digests);
    });

    it('sends the right bytes for every object while read buffers are recycled (fetch and concurrent GETs)', async () => {
      // More distinct objects than the pool keeps, of several sizes, so buffers are reused across objects and requests.
      const objects = Array.from({ length: 40 }, (_, i) => Buffer.alloc(((i % 5) + 1) * 300 * 1024, i + 1));
      for (const o of objects) await t.putObject(o);
      const digests = objects.map((o) => hashBytes(o));
      const fetched = async () => {
        const res = await t.call('POST', '/objects/fetch', { json: { digests } });
        const body = Buffer.from(await res.arrayBuffer());
        async function* one() {
          yield [body];
        }
        const got: string[] = [];
        for await (const f of readFrames(one(), 64 * MiB)) got.push(hashBytes(Buffer.concat(f.bytes)));
        return got;
      };
      const gets = digests.map(async (d) => hashBytes(Buffer.from(await (await t.call('GET', `/objects/${d}`)).arrayBuffer())));
      const [a, b, ...single] = await Promise.all([fetched(), fetched(), ...gets]);
      expect(a).toEqual(digests);
      expect(b).toEqual(digests);
      expect(single).toEqual(digests);
    });

    it('answers an empty list with an empty body', async () => {
      const res = await t.call('POST', '/objects/fetch', { json: { digests: [] } });
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    });

    it('answers 404 before streaming when any object is missing', async () => {
      await t.putObject(hello);
      const a = hashBytes(Buffer.from('a'));
      const data = await expectError(await t.call('POST', '/objects/fetch', { json: { digests: [helloDigest, a] } }), 404, 'NotFound');
      expect(data).toEqual({ kind: 'object', name: a, missing: [a] });
    });

    it('answers 500 CorruptObject for a damaged object and never sends its bytes', async () => {
      await t.putObject(hello);
      corrupt(t.dataDir, helloDigest);
      const data = await expectError(await t.call('POST', '/objects/fetch', { json: { digests: [helloDigest] } }), 500, 'CorruptObject');
      expect(data.digest).toBe(helloDigest);
    });

    it('cuts the stream rather than send a damaged object found after the first', async () => {
      const a = Buffer.from('a');
      await t.putObject(a);
      await t.putObject(hello);
      corrupt(t.dataDir, helloDigest);
      const res = await t.call('POST', '/objects/fetch', { json: { digests: [hashBytes(a), helloDigest] } });
      // With read-ahead the damage may be found before the status is sent (a clean 500) or after (a cut body).
      if (res.status === 500) {
        await expectError(res, 500, 'CorruptObject');
      } else {
        expect(res.status).toBe(200);
        await expect(res.arrayBuffer()).rejects.toThrow();
      }
    });

    it('refuses bad bodies', async () => {
      const call = (json: unknown) => t.call('POST', '/objects/fetch', { json });
      expect(await expectError(await call({ digests: 'x' }), 400, 'InvalidArgument')).toMatchObject({ argument: 'digests' });
      expect(await expectError(await call({ digests: ['b3:1'] }), 400, 'InvalidArgument')).toMatchObject({ argument: 'digests[0]' });
      expect(await expectError(await call({ digests: Array.from({ length: 10_001 }, () => helloDigest) }), 400, 'InvalidArgument')).toMatchObject({
        argument: 'digests',
      });
      await expectError(await t.call('POST', '/objects/fetch', { body: 'nope', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson');
    });
  });

  describe('POST /objects/locate', () => {
    it('tells a loopback client where loose and packed objects lie, leaving out those not stored', async () => {
      const loose = await t.putObject(Buffer.alloc(200_000, 5));
      const packed = [Buffer.alloc(20_000, 1), Buffer.alloc(30_000, 2)];
      await t.call('POST', '/objects/batch', { body: frames(packed.map((bytes) => ({ bytes }))), headers: { 'content-type': 'application/vnd.arca.objects' } });
      const absent = hashBytes(Buffer.from('absent'));
      const res = await t.call('POST', '/objects/locate', { json: { digests: [loose, absent, hashBytes(packed[1]!)] } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { dir: string; objects: { digest: string; file: string; offset: number; size: number }[] };
      expect(body.dir).toBe(join(t.dataDir, 'objects'));
      expect(body.objects.map((o) => o.digest)).toEqual([loose, hashBytes(packed[1]!)]);
      expect(body.objects[0]).toEqual({ digest: loose, file: `${loose.slice(3, 5)}/${loose.slice(5)}`, offset: 0, size: 200_000 });
      const at = body.objects[1]!;
      expect(at.file).toMatch(/^packs\/[0-9a-f]{64}\.pack$/);
      expect(readFileSync(join(body.dir, at.file)).subarray(at.offset, at.offset + at.size).equals(packed[1]!)).toBe(true);
    });

    it('refuses bad bodies as fetch does, and needs a key', async () => {
      const call = (json: unknown) => t.call('POST', '/objects/locate', { json });
      expect(await expectError(await call({ digests: ['b3:1'] }), 400, 'InvalidArgument')).toMatchObject({ argument: 'digests[0]' });
      expect(await expectError(await call({ digests: [], other: 1 }), 400, 'InvalidArgument')).toMatchObject({ argument: 'other' });
      await expectError(await t.call('POST', '/objects/locate', { json: { digests: [] }, key: null }), 401, 'Unauthenticated');
    });
  });
});

describe('POST /objects/locate on a server started with localReads: false', () => {
  const t = useTestServer({ localReads: false });

  it('names no folder and no object', async () => {
    const digest = await t.putObject(Buffer.alloc(200_000, 5));
    const res = await t.call('POST', '/objects/locate', { json: { digests: [digest] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ dir: null, objects: [] });
  });
});

describe('a client that stops reading a download', () => {
  const t = useTestServer({ stalledTransferMs: 500 });

  /**
   * Sends `head` (and `body`) on a raw socket that then reads nothing for `stallMs`
   * (its bytes pile up in the server), then reads on: how many bytes arrived in all.
   */
  function stalledRead(head: string, body: string, stallMs: number): Promise<number> {
    const { hostname, port } = new URL(t.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) });
      let got = 0;
      socket.on('data', (d: Buffer) => (got += d.length));
      socket.on('error', () => {}); // a cut shows as an early end
      socket.on('close', () => resolve(got));
      socket.on('connect', () => {
        socket.pause();
        socket.write(`${head}Host: x\r\nAuthorization: Bearer ${TEST_ADMIN_KEY}\r\nConnection: close\r\n\r\n${body}`);
        setTimeout(() => socket.resume(), stallMs);
      });
      setTimeout(() => reject(new Error('the download was neither cut nor finished')), stallMs + 20_000).unref();
    });
  }

  it('is cut after stalledTransferMs (GET and fetch), freeing what it held; one that reads gets every byte', async () => {
    const big = Buffer.alloc(32 * MiB, 7);
    const digest = await t.putObject(big);
    const fetchBody = JSON.stringify({ digests: [digest] });
    const [get, fetched] = await Promise.all([
      stalledRead(`GET /api/v1/objects/${digest} HTTP/1.1\r\n`, '', 3000),
      stalledRead(`POST /api/v1/objects/fetch HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${fetchBody.length}\r\n`, fetchBody, 3000),
    ]);
    // Before: both stayed open with the whole object buffered in the server, for as long as the client liked.
    expect(get).toBeLessThan(big.length);
    expect(fetched).toBeLessThan(big.length);
    const res = await t.call('GET', `/objects/${digest}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
    expect(t.logged).toEqual([]);
  });

  it('an upload whose client stops sending its body is cut after stalledTransferMs too, and stores nothing', async () => {
    const { hostname, port } = new URL(t.url);
    const before = await t.stats();
    const closedAfterMs = await new Promise<number>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) });
      const started = Date.now();
      socket.on('error', () => {});
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('connect', () => {
        // 1 MiB of a promised 16, then nothing.
        socket.write(`POST /api/v1/objects/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_ADMIN_KEY}\r\nContent-Type: application/vnd.arca.objects\r\nContent-Length: ${16 * MiB}\r\n\r\n`);
        socket.write(Buffer.alloc(MiB, 1));
      });
      setTimeout(() => reject(new Error('the upload was not cut')), 20_000).unref();
    });
    // Before: the connection, and the MiB it sent, stayed for the 30-minute request timeout.
    expect(closedAfterMs).toBeLessThan(15_000);
    expect(await t.stats()).toEqual(before);
  });
});
