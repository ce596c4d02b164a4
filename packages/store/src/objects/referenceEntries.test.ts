import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { buildTree } from './buildTree.js';
import { parseTree } from './parseTree.js';
import type { TreeEntry } from './TreeObject.js';

const A = 'b3:17762fddd969a453925d65717ac3eea21320b66b54342fde15128d6caf21215f';
const SHA = 'sha256:' + 'ab'.repeat(32);

describe('reference entries in a tree', () => {
  it('pins the encoding: a reference has kind, uri, size and its checks; a file entry keeps no kind key', () => {
    const built = buildTree([
      { path: 'data/train.parquet', kind: 'reference', uri: 'https://example.com/train.parquet', size: 10, checksum: SHA, etag: '"abc"' },
      { path: 'a.bin', size: 1, digest: A },
    ]);
    expect(built.bytes.toString('utf8')).toBe(
      `arca-tree ${built.bytes.length - 'arca-tree 000'.length - 1}\0` +
        '{"entries":[' +
        `{"digest":"${A}","path":"a.bin","size":1},` +
        `{"checksum":"${SHA}","etag":"\\"abc\\"","kind":"reference","path":"data/train.parquet","size":10,"uri":"https://example.com/train.parquet"}` +
        '],"format":1}',
    );
    expect(built.digest).toBe(hashBytes(built.bytes));
    expect(parseTree(built.bytes, built.digest).entries).toEqual(built.tree.entries);
  });

  it('keeps the digest of a tree without references (the existing test vector)', () => {
    const EMPTY = 'b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';
    const built = buildTree([{ path: 'dir/a.bin', size: 1, digest: A }, { path: 'z.txt', size: 0, digest: EMPTY }]);
    expect(built.digest).toBe('b3:e08515f3a539ca65b7d83810ea318e99a2b93aa2d80fb31f2fb266c85bc9a070');
  });

  it('drops unknown fields of a reference, so the same reference always gives the same digest', () => {
    const ref = { path: 'r', kind: 'reference', uri: 's3://bucket/key', size: 5, etag: 'e1' } as const;
    expect(buildTree([{ ...ref, digest: A, extra: 1 } as unknown as TreeEntry]).digest).toBe(buildTree([ref]).digest);
  });

  it.each([
    ['a relative URI', { uri: 'train.parquet' }, 'uri'],
    ['an unknown scheme', { uri: 'ftp://host/x' }, 'uri'],
    ['credentials in the URI', { uri: 'https://user:pw@host/x' }, 'uri'],
    ['a file URI with a host', { uri: 'file://host/x' }, 'uri'],
    ['an S3 URI without a key', { uri: 's3://bucket' }, 'uri'],
    ['no checksum and no ETag', { checksum: undefined }, 'checksum'],
    ['a checksum of another kind', { checksum: 'md5:' + 'a'.repeat(32) }, 'checksum'],
    ['an empty ETag', { etag: '' }, 'etag'],
    ['a negative size', { size: -1 }, 'size'],
  ])('refuses %s', (_what, change, argument) => {
    const entry = { path: 'r', kind: 'reference', uri: 'file:///data/x', size: 1, checksum: SHA, ...change } as TreeEntry;
    expect(() => buildTree([entry])).toThrow(expect.objectContaining({ code: 'InvalidArgument', data: expect.objectContaining({ argument }) }));
  });

  it('refuses an unknown entry kind and a reference clashing with a folder', () => {
    expect(() => buildTree([{ path: 'x', kind: 'symlink', size: 0 } as unknown as TreeEntry])).toThrow(expect.objectContaining({ code: 'InvalidArgument', data: expect.objectContaining({ argument: 'kind' }) }));
    expect(() => buildTree([{ path: 'd', kind: 'reference', uri: 'file:///x', size: 1, checksum: SHA }, { path: 'd/f', size: 1, digest: A }])).toThrow(expect.objectContaining({ code: 'InvalidPath' }));
  });
});
