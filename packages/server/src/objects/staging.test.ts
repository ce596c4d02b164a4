import { hashBytes, PACK_MAGIC } from '@arca/store';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';
import { encodeFrameHeader } from './encodeFrameHeader.js';

/** A pack as a client stages it: the magic, then a frame per object. */
function packOf(objects: Buffer[]): Buffer {
  return Buffer.concat([PACK_MAGIC, ...objects.flatMap((bytes) => [encodeFrameHeader(hashBytes(bytes), bytes.length), bytes])]);
}

describe('POST /objects/stage and /objects/adopt', () => {
  const t = useTestServer();

  async function stagingDir(): Promise<string> {
    const res = await t.call('POST', '/objects/stage', { json: {} });
    expect(res.status).toBe(200);
    return ((await res.json()) as { dir: string }).dir;
  }

  it('names a folder of the data directory that only its owner may enter', async () => {
    const dir = await stagingDir();
    expect(dir).toBe(join(t.dataDir, 'staging'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('stores the objects of a staged pack, which then read like any other', async () => {
    const objects = [Buffer.alloc(3000, 1), Buffer.alloc(700_000, 2)];
    writeFileSync(join(await stagingDir(), 'p1.pack'), packOf(objects));
    const res = await t.call('POST', '/objects/adopt', { json: { file: 'p1.pack' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 2, existing: 0 });
    const got = await t.call('GET', `/objects/${hashBytes(objects[1]!)}`);
    expect(Buffer.from(await got.arrayBuffer()).equals(objects[1]!)).toBe(true);
    expect(existsSync(join(t.dataDir, 'staging', 'p1.pack'))).toBe(false);
    const again = await t.call('POST', '/objects/missing', { json: { digests: objects.map((b) => hashBytes(b)) } });
    expect(await again.json()).toEqual({ missing: [] });
  });

  it('refuses a pack with a wrong object (400 DigestMismatch), a name that is a path (400) and a file that is not there (404)', async () => {
    const bad = packOf([Buffer.alloc(5000, 3)]);
    bad[bad.length - 1] = 9;
    writeFileSync(join(await stagingDir(), 'bad.pack'), bad);
    expect(await expectError(await t.call('POST', '/objects/adopt', { json: { file: 'bad.pack' } }), 400, 'DigestMismatch')).toMatchObject({ what: 'staged object' });
    expect(await expectError(await t.call('POST', '/objects/adopt', { json: { file: '../refs.sqlite' } }), 400, 'InvalidArgument')).toMatchObject({ argument: 'file' });
    await expectError(await t.call('POST', '/objects/adopt', { json: { file: 'gone.pack' } }), 404, 'NotFound');
    expect(await expectError(await t.call('POST', '/objects/adopt', { json: {} }), 400, 'InvalidArgument')).toMatchObject({ argument: 'file' });
  });

  it('refuses a staged name that is a FIFO (400) at once, instead of waiting forever for a writer', async () => {
    const fifo = join(await stagingDir(), 'fifo.pack');
    execFileSync('mkfifo', [fifo]);
    const answer = t.call('POST', '/objects/adopt', { json: { file: 'fifo.pack' } });
    const res = await Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(resolve, 3000))]);
    if (res === undefined) {
      // Opening the FIFO for writing releases the server's blocked open, so the server can still close.
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      await answer;
    }
    expect(res, 'POST /objects/adopt of a FIFO did not answer within 3 s').toBeDefined();
    expect(await expectError(res!, 400, 'InvalidArgument')).toEqual({ argument: 'file', reason: 'fifo.pack is not a regular file' });
    expect(existsSync(fifo)).toBe(false);
  });

  it('answers 403 LocalWritesRefused, so the client uploads instead, when it cannot take the file over (a staging folder on another filesystem)', async () => {
    // /dev/shm is a tmpfs: a hard link from there into the data directory fails with EXDEV.
    const elsewhere = mkdtempSync('/dev/shm/arca-staging-');
    try {
      symlinkSync(elsewhere, join(t.dataDir, 'staging'));
      const objects = [Buffer.alloc(4000, 7)];
      writeFileSync(join(await stagingDir(), 'x.pack'), packOf(objects));
      expect(await expectError(await t.call('POST', '/objects/adopt', { json: { file: 'x.pack' } }), 403, 'LocalWritesRefused')).toMatchObject({
        reason: 'the server cannot take over the staged file (EXDEV)',
      });
      expect(existsSync(join(elsewhere, 'x.pack'))).toBe(false);
      const missing = await t.call('POST', '/objects/missing', { json: { digests: [hashBytes(objects[0]!)] } });
      expect(await missing.json()).toEqual({ missing: [hashBytes(objects[0]!)] });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('needs a key', async () => {
    await expectError(await t.call('POST', '/objects/stage', { json: {}, key: null }), 401, 'Unauthenticated');
    await expectError(await t.call('POST', '/objects/adopt', { json: { file: 'a.pack' }, key: null }), 401, 'Unauthenticated');
  });
});

describe('POST /objects/stage and /objects/adopt on a server started with localWrites: false', () => {
  const t = useTestServer({ localWrites: false });

  it('names no folder and adopts nothing (403 LocalWritesRefused)', async () => {
    const res = await t.call('POST', '/objects/stage', { json: {} });
    expect(await res.json()).toEqual({ dir: null });
    expect(existsSync(join(t.dataDir, 'staging'))).toBe(false);
    expect(await expectError(await t.call('POST', '/objects/adopt', { json: { file: 'a.pack' } }), 403, 'LocalWritesRefused')).toMatchObject({
      reason: 'this server runs with --no-local-writes',
    });
  });
});
