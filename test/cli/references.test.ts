// Reference entries through the real `arca` binary: logged by URI, pulled and
// checked from a local file and a real HTTPS server with a self-signed certificate.
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpsFiles } from '../../packages/client/src/testing/startHttpsFiles.js';
import { runCli } from '../../packages/test-utils/dist/index.js';
import { errorOf, snapshot, useArca, writeTree } from './harness.js';

const setup = useArca();
let https: Awaited<ReturnType<typeof startHttpsFiles>> | undefined;
afterEach(async () => {
  await https?.close();
  https = undefined;
});

describe('arca log --reference / pull of references', () => {
  it('logs file, https and s3 references, pulls and checks them (--ca-file), refuses changed bytes leaving no file, and lists s3 as not fetched', async () => {
    const { root, arca } = await setup();
    const remote = Buffer.from('remote model bytes');
    https = await startHttpsFiles(new Map([['/m.onnx', { bytes: remote }]]));
    writeFileSync(join(root, 'ca.pem'), https.ca);
    writeTree(join(root, 'data'), { 'train.csv': 'a,b\n1,2\n', 'README.md': '# r' });
    const sha = 'sha256:' + createHash('sha256').update(remote).digest('hex');
    const log = await arca(
      'log', 'e/p/m', 'data/README.md', '--type', 'model',
      '--reference', pathToFileURL(join(root, 'data', 'train.csv')).href + ';path=data/train.csv',
      '--reference', `${https.url}/m.onnx;size=${remote.length};checksum=${sha}`,
      '--reference', 's3://bucket/big/weights.bin;size=1000;etag="e-1"',
    );
    expect(log.code, log.stderr).toBe(0);
    expect(log.json().files.map((f: any) => [f.path, f.kind ?? 'file'])).toEqual([
      ['README.md', 'file'], ['data/train.csv', 'reference'], ['m.onnx', 'reference'], ['weights.bin', 'reference'],
    ]);
    const show = await arca('show', 'e/p/m');
    expect(show.json().files.find((f: any) => f.path === 'weights.bin')).toEqual({ path: 'weights.bin', kind: 'reference', uri: 's3://bucket/big/weights.bin', size: 1000, etag: '"e-1"' });

    const pull = await arca('pull', 'e/p/m', 'out', '--ca-file', 'ca.pem');
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.json()).toMatchObject({ bytesFromReferences: 8 + remote.length, skipped: [{ path: 'weights.bin', uri: 's3://bucket/big/weights.bin' }] });
    expect(Object.keys(snapshot(join(root, 'out'))).sort()).toEqual(['README.md', 'data/train.csv', 'm.onnx']);

    const noCa = await arca('pull', 'e/p/m', 'out-no-ca', '--path', 'm.onnx');
    expect(noCa.code).toBe(1);
    expect(errorOf(noCa).code).toBe('ReferenceUnavailable');

    writeFileSync(join(root, 'data', 'train.csv'), 'a,b\n9,9\n');
    const changed = await arca('pull', 'e/p/m', 'out2', '--path', 'data');
    expect(changed.code).toBe(1);
    expect(errorOf(changed)).toMatchObject({ code: 'ReferenceMismatch', data: { path: 'data/train.csv', check: 'checksum' } });
    expect(readdirSync(join(root, 'out2'), { recursive: true }).filter((p) => !String(p).endsWith('data'))).toEqual([]);
  }, 120_000);

  it('pull says what it verified: a reference it did not fetch counts in neither the files nor the bytes verified', async () => {
    const { root, env, arca } = await setup();
    writeTree(join(root, 'data'), { 'README.md': '# r' });
    const log = await arca('log', 'e/p/m', 'data/README.md', '--type', 'model', '--reference', 's3://bucket/w.bin;size=1000000;etag="e-1"');
    expect(log.code, log.stderr).toBe(0);
    const pull = await runCli(['pull', 'e/p/m', 'out'], { env: { ...env }, cwd: root });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain('\n  1 file verified, 3 B; ');
    expect(pull.stdout).toContain('not fetched: w.bin <- s3://bucket/w.bin');
    const only = await runCli(['pull', 'e/p/m', 'out-ref', '--path', 'w.bin'], { env: { ...env }, cwd: root });
    expect(only.code, only.stderr).toBe(0);
    expect(only.stdout).toContain('\n  0 files verified, 0 B; ');
  }, 120_000);

  it('bad references and options are refused with typed errors', async () => {
    const { root, arca } = await setup();
    const cases: [string[], number, string][] = [
      [['log', 'e/p/m', '--type', 'model', '--reference', 'https://h/x'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', '--type', 'model', '--reference', 'https://h/x;size=abc;etag=e'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', '--type', 'model', '--reference', 'https://u:p@h/x;size=1;etag=e'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', '--type', 'model', '--reference', ';size=1'], 1, 'InvalidArgument'],
      [['log', 'e/p/m', '--type', 'model', '--reference', 's3://b/k;size=1;etag=e', '--offline'], 2, 'Usage'],
      [['pull', 'e/p/m', 'o', '--ca-file', 'missing.pem'], 1, 'InvalidArgument'],
    ];
    for (const [args, code, errCode] of cases) {
      const r = await arca(...args);
      expect([args.join(' '), r.code, errorOf(r).code]).toEqual([args.join(' '), code, errCode]);
    }
    expect(root).toBeTruthy();
  }, 120_000);
});
