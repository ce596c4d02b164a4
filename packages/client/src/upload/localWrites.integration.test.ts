import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hashBytes } from '@arca/store/pure';
import { startServer } from '@arca/server';
import { describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { useClientServer } from '../testing/useClientServer.js';

const t = useClientServer(startServer);
const MiB = 1024 * 1024;

/** A model of several chunks, some of them over 1 MiB, and small files. */
function sample(): Record<string, Buffer> {
  return { 'model.bin': randomBytes(9 * MiB), 'labels.txt': Buffer.from('cat\ndog\n'), 'data/a.bin': randomBytes(300_000) };
}

/** A fetch that sees every request first, and may answer some itself. */
function watching(see: (path: string, body: unknown) => Response | undefined | Promise<Response | undefined>): typeof fetch {
  return async (input, init) => {
    const path = new URL(String(input)).pathname.replace('/api/v1', '');
    const raw = init?.body;
    const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw).toString() : undefined;
    // Only JSON bodies are looked into; an object batch is binary.
    const body = path === '/objects/adopt' && text !== undefined ? (JSON.parse(text) as unknown) : undefined;
    return (await see(path, body)) ?? fetch(input, init);
  };
}

function errorResponse(status: number, code: string, data: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ error: { code, message: code, data } }), { status, headers: { 'content-type': 'application/json' } });
}

async function pullBack(files: Record<string, Buffer>): Promise<void> {
  const dir = join(t.state.work, 'back');
  await t.client().download('e/p/c', dir);
  for (const [path, bytes] of Object.entries(files)) expect(hashBytes(readFileSync(join(dir, path))), path).toBe(hashBytes(bytes));
}

const staged = (): string[] => readdirSync(join(t.state.dataDir, 'staging'));

describe('local writes (a server on this machine)', () => {
  it('stores every object through the staging folder instead of uploading it, and leaves the folder empty', async () => {
    const files = sample();
    const requests: string[] = [];
    const client = t.client({ localWrites: true, fetch: watching((path) => void requests.push(path)) });
    const r = await client.logArtifact({ name: 'e/p/c', type: 'model', paths: [t.write('src', files)] });
    const content = Object.values(files).reduce((n, b) => n + b.length, 0);
    // Every byte of the files went through the folder; only the tree was sent, in one batch.
    expect(r.bytesWrittenLocally).toBe(content);
    expect(r.bytesUploaded).toBeGreaterThan(content);
    expect(requests.filter((p) => p === '/objects/batch' || p.startsWith('/objects/b3:'))).toEqual(['/objects/batch']);
    expect(requests.filter((p) => p === '/objects/stage')).toHaveLength(1);
    expect(requests.filter((p) => p === '/objects/adopt').length).toBeGreaterThan(0);
    expect(staged()).toEqual([]);
    await pullBack(files);
  });

  it('is on by default for a loopback url, and off with localWrites: false', async () => {
    const files = sample();
    const defaults = new ArcaClient({ url: t.state.url, apiKey: TEST_ADMIN_KEY, cacheDir: join(t.state.work, 'c-default') });
    expect(defaults.localWrites).toBe(true);
    expect((await defaults.logArtifact({ name: 'e/p/c', type: 'model', paths: [t.write('a', files)] })).bytesWrittenLocally).toBeGreaterThan(0);
    const off = await t.client({ localWrites: false }).logArtifact({ name: 'e/p/d', type: 'model', paths: [t.write('b', { 'x.bin': randomBytes(3 * MiB) })] });
    expect([off.bytesWrittenLocally, off.bytesUploaded > 3 * MiB]).toEqual([0, true]);
  });

  it('uploads over HTTP when the server offers no folder, names one this machine lacks, or predates the route', async () => {
    const answers: (() => Response)[] = [
      () => new Response(JSON.stringify({ dir: null }), { status: 200, headers: { 'content-type': 'application/json' } }),
      () => new Response(JSON.stringify({ dir: join(t.state.work, 'elsewhere') }), { status: 200, headers: { 'content-type': 'application/json' } }),
      () => errorResponse(404, 'NotFound', { kind: 'route', name: 'POST /api/v1/objects/stage' }),
    ];
    for (const [i, answer] of answers.entries()) {
      const files = { 'm.bin': randomBytes(4 * MiB) };
      const client = t.client({ localWrites: true, fetch: watching((path) => (path === '/objects/stage' ? answer() : undefined)) });
      const r = await client.logArtifact({ name: `e/p/c${i}`, type: 'model', paths: [t.write(`src${i}`, files)] });
      expect([r.created, r.bytesWrittenLocally, r.bytesUploaded > 4 * MiB]).toEqual([true, 0, true]);
    }
  });

  it('uploads over HTTP when the server refuses to adopt (LocalWritesRefused), and removes what it staged', async () => {
    const files = sample();
    const client = t.client({
      localWrites: true,
      fetch: watching((path) => (path === '/objects/adopt' ? errorResponse(403, 'LocalWritesRefused', { reason: 'test' }) : undefined)),
    });
    const r = await client.logArtifact({ name: 'e/p/c', type: 'model', paths: [t.write('src', files)] });
    expect([r.created, r.bytesWrittenLocally]).toEqual([true, 0]);
    expect(staged()).toEqual([]);
    await pullBack(files);
  });

  it('never stores what it did not check: a staged pack changed before adoption fails the log with DigestMismatch', async () => {
    const files = { 'm.bin': randomBytes(3 * MiB) };
    const client = t.client({
      localWrites: true,
      fetch: watching((path, body) => {
        if (path !== '/objects/adopt') return undefined;
        // Flip the pack's last byte, as a disk or another writer might.
        const fd = openSync(join(t.state.dataDir, 'staging', (body as { file: string }).file), 'r+');
        const byte = Buffer.alloc(1);
        const end = fstatSync(fd).size;
        readSync(fd, byte, 0, 1, end - 1);
        byte[0] = byte[0]! ^ 0xff;
        writeSync(fd, byte, 0, 1, end - 1);
        closeSync(fd);
        return undefined;
      }),
    });
    await expect(client.logArtifact({ name: 'e/p/c', type: 'model', paths: [t.write('src', files)] })).rejects.toMatchObject({ code: 'DigestMismatch', data: { what: 'staged object' } });
    expect(staged()).toEqual([]);
    expect((await t.client().listCollections('e', 'p')).map((c) => c.name)).toEqual([]);
  });
});

