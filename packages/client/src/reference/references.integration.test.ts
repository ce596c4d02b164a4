import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '@arca/server';
import { hashBytes } from '@arca/store';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpsFiles } from '../testing/startHttpsFiles.js';
import { useClientServer } from '../testing/useClientServer.js';

const t = useClientServer(startServer);
let https: Awaited<ReturnType<typeof startHttpsFiles>> | undefined;
afterEach(async () => {
  await https?.close();
  https = undefined;
});

const sha256 = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** Every file below `dir`, temp files included. */
function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('reference entries', () => {
  it('logs file, https and s3 references beside stored files; pull fetches and checks file and https ones and lists s3 as not fetched', async () => {
    const big = randomBytes(300 * 1024);
    const remote = Buffer.from('remote weights');
    https = await startHttpsFiles(new Map([['/w.bin', { bytes: remote, etag: '"v1"' }], ['/tagged.bin', { bytes: Buffer.from('tagged'), etag: '"t1"' }]]));
    const src = t.write('src', { 'README.md': '# m', 'local/big.bin': big });
    const c = t.client();
    const before = await c.stats();
    const r = await c.logArtifact({
      name: 'e/p/m',
      type: 'model',
      paths: [join(src, 'README.md')],
      references: [
        { uri: pathToFileURL(join(src, 'local/big.bin')).href, path: 'data/big.bin' },
        { uri: `${https.url}/w.bin`, size: remote.length, checksum: sha256(remote) },
        { uri: `${https.url}/tagged.bin`, size: 6, etag: '"t1"' },
        { uri: 's3://bucket/datasets/train.parquet', size: 1234, etag: '"abc-2"' },
      ],
    });
    expect(r.files.map((f) => [f.path, f.kind ?? 'file'])).toEqual([
      ['README.md', 'file'],
      ['data/big.bin', 'reference'],
      ['tagged.bin', 'reference'],
      ['train.parquet', 'reference'],
      ['w.bin', 'reference'],
    ]);
    expect(r.files[1]).toEqual({ path: 'data/big.bin', kind: 'reference', uri: pathToFileURL(join(src, 'local/big.bin')).href, size: big.length, checksum: hashBytes(big) });
    // Only README.md, the tree and the version object were stored: no bytes of any reference.
    expect((await c.stats()).objects - before.objects).toBe(3);
    expect(r.version.size).toBe(3 + big.length + remote.length + 6 + 1234);

    const out = join(t.state.work, 'out');
    const pulled = await c.download('e/p/m', out, { referenceCa: https.ca });
    expect(pulled.bytesFromReferences).toBe(big.length + remote.length + 6);
    expect(pulled.skipped).toEqual([{ path: 'train.parquet', uri: 's3://bucket/datasets/train.parquet', reason: expect.stringContaining('credentials') }]);
    expect(listAll(out)).toEqual(['README.md', 'data/big.bin', 'tagged.bin', 'w.bin']);
    expect(readFileSync(join(out, 'w.bin'))).toEqual(remote);
    expect(hashBytes(readFileSync(join(out, 'data/big.bin')))).toBe(hashBytes(big));
  });

  it('refuses a reference whose bytes changed (checksum, size or ETag), leaving no file behind', async () => {
    const good = Buffer.from('the logged bytes');
    https = await startHttpsFiles(new Map([['/a.bin', { bytes: Buffer.from('other bytes, same len'), etag: '"x"' }], ['/e.bin', { bytes: good, etag: '"new"' }]]));
    const src = t.write('src', { 'f.bin': good });
    const c = t.client();
    await c.logArtifact({ name: 'e/p/file', type: 'model', paths: [], references: [{ uri: pathToFileURL(join(src, 'f.bin')).href }] });
    writeFileSync(join(src, 'f.bin'), Buffer.from('the LOGGED bytes'));
    const out1 = join(t.state.work, 'out1');
    await expect(c.download('e/p/file', out1)).rejects.toMatchObject({ code: 'ReferenceMismatch', data: { path: 'f.bin', check: 'checksum', expected: hashBytes(good) } });
    expect(listAll(out1)).toEqual([]);
    writeFileSync(join(src, 'f.bin'), Buffer.from('longer than what was logged'));
    await expect(c.download('e/p/file', out1)).rejects.toMatchObject({ code: 'ReferenceMismatch', data: { check: 'size' } });
    expect(listAll(out1)).toEqual([]);

    await c.logArtifact({ name: 'e/p/web', type: 'model', paths: [], references: [
      { uri: `${https.url}/a.bin`, size: 21, checksum: sha256(good) },
    ] });
    const out2 = join(t.state.work, 'out2');
    await expect(c.download('e/p/web', out2, { referenceCa: https.ca })).rejects.toMatchObject({ code: 'ReferenceMismatch', data: { check: 'checksum' } });
    expect(listAll(out2)).toEqual([]);
    await c.logArtifact({ name: 'e/p/etag', type: 'model', paths: [], references: [{ uri: `${https.url}/e.bin`, size: good.length, etag: '"old"' }] });
    await expect(c.download('e/p/etag', out2, { referenceCa: https.ca })).rejects.toMatchObject({ code: 'ReferenceMismatch', data: { check: 'etag', expected: '"old"', actual: '"new"' } });
    expect(listAll(out2)).toEqual([]);
  });

  it('a pull over a folder treats references as it treats stored files: an edited one is DestinationConflict, a folder in its place is refused before anything is written', async () => {
    const remote = Buffer.from('remote weights');
    https = await startHttpsFiles(new Map([['/w.bin', { bytes: remote, etag: '"v1"' }]]));
    const src = t.write('src', { 'f.bin': 'logged bytes', 'README.md': '# m' });
    const c = t.client();
    await c.logArtifact({
      name: 'e/p/m',
      type: 'model',
      paths: [join(src, 'README.md')],
      references: [{ uri: pathToFileURL(join(src, 'f.bin')).href }, { uri: `${https.url}/w.bin`, size: remote.length, checksum: sha256(remote) }, { uri: `${https.url}/w.bin`, path: 'tagged.bin', size: remote.length, etag: '"v1"' }],
    });
    const out = join(t.state.work, 'out');
    await c.download('e/p/m', out, { referenceCa: https.ca });
    // The same version again, and by a client with another cache: nothing was edited, nothing is in the way.
    await c.download('e/p/m', out, { referenceCa: https.ca });
    await t.client().download('e/p/m', out, { referenceCa: https.ca });

    writeFileSync(join(out, 'f.bin'), 'my edits');
    await expect(c.download('e/p/m', out, { referenceCa: https.ca })).rejects.toMatchObject({ code: 'DestinationConflict', data: { count: 1, conflicts: [{ path: 'f.bin' }] } });
    expect(readFileSync(join(out, 'f.bin'), 'utf8')).toBe('my edits');
    await c.download('e/p/m', out, { referenceCa: https.ca, overwrite: true });
    expect(readFileSync(join(out, 'f.bin'), 'utf8')).toBe('logged bytes');

    const out2 = join(t.state.work, 'out2');
    mkdirSync(join(out2, 'w.bin'), { recursive: true });
    await expect(c.download('e/p/m', out2, { referenceCa: https.ca, overwrite: true })).rejects.toMatchObject({ code: 'DestinationConflict', data: { count: 1, conflicts: [{ path: 'w.bin' }] } });
    expect(listAll(out2)).toEqual([]);
  });

  it('checks the https certificate: without the CA the self-signed server is refused', async () => {
    const bytes = Buffer.from('x');
    https = await startHttpsFiles(new Map([['/x', { bytes }]]));
    const c = t.client();
    await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [], references: [{ uri: `${https.url}/x`, size: 1, checksum: sha256(bytes) }] });
    const out = join(t.state.work, 'out');
    await expect(c.download('e/p/m', out)).rejects.toMatchObject({ code: 'ReferenceUnavailable', data: { path: 'x', reason: expect.stringMatching(/SELF_SIGNED|CERT/) } });
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('refuses bad references at log time, before anything is sent', async () => {
    const c = t.client();
    const cases: [object, string][] = [
      [{ uri: 'https://h/x' }, 'InvalidArgument'],
      [{ uri: 'https://h/x', size: 1 }, 'InvalidArgument'],
      [{ uri: 'ftp://h/x', size: 1, etag: 'e' }, 'InvalidArgument'],
      [{ uri: 'https://u:p@h/x', size: 1, etag: 'e' }, 'InvalidArgument'],
      [{ uri: 'https://h/', size: 1, etag: 'e' }, 'InvalidArgument'],
      [{ uri: 'https://h/x', path: '../x', size: 1, etag: 'e' }, 'InvalidPath'],
      [{ uri: 'https://h/x', size: 1, checksum: 'md5:00' }, 'InvalidArgument'],
      [{ uri: pathToFileURL(join(t.state.work, 'nope')).href }, 'ReferenceUnavailable'],
    ];
    for (const [ref, code] of cases) {
      await expect(c.logArtifact({ name: 'e/p/m', type: 'model', paths: [], references: [ref as never] }), JSON.stringify(ref)).rejects.toMatchObject({ code });
    }
    await expect(c.listCollections('e', 'p')).resolves.toEqual([]);
  });

  it('a draft adds a reference and keeps it, and diff sees a changed reference', async () => {
    const c = t.client();
    await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [t.write('a', { 'm.bin': 'm' })], references: [{ uri: 's3://b/k/data.csv', size: 5, etag: 'e1' }] });
    const r = await (await c.newDraft('e/p/m')).addReference({ uri: 's3://b/k/data.csv', size: 6, etag: 'e2' }).log();
    expect(r.version.version).toBe('v1');
    const diff = await c.diff('e/p/m:v0', 'e/p/m:v1');
    expect(diff.changed.map((d) => d.path)).toEqual(['data.csv']);
  });
  it('a reference being fetched is written under a temp name with this pid, which a later pull can tell from a killed pull\'s', async () => {
    const body = randomBytes(64 * 1024);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 1024));
      void held.then(() => res.end(body.subarray(1024)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/w.bin`;
      const c = t.client();
      await c.logArtifact({ name: 'e/p/m', type: 'model', paths: [], references: [{ uri: url, size: body.length, checksum: sha256(body) }] });
      const out = join(t.state.work, 'out');
      const pull = c.download('e/p/m', out);
      let names: string[] = [];
      for (let i = 0; i < 200 && names.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
        names = existsSync(out) ? readdirSync(out) : [];
      }
      expect(names).toEqual([expect.stringMatching(new RegExp(`^\\.arca-tmp-${process.pid}@[0-9a-f]{8}-[0-9a-f]{16}-0$`))]);
      release();
      await pull;
      expect(readdirSync(out)).toEqual(['w.bin']);
    } finally {
      release();
      await new Promise((r) => server.close(r));
    }
  });
});
