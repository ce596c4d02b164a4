import { buildTree, collectGarbage, encodeObject, fsck, hashBytes, Store } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const C = 'acme/vision/refs';
const SHA = 'sha256:' + 'cd'.repeat(32);

describe('versions with reference entries', () => {
  const t = useTestServer();

  it('commits a tree of a file and references: only the file must be stored, and fsck is clean', async () => {
    const file = await t.putObject('stored bytes');
    const tree = buildTree([
      { path: 'a.txt', size: 12, digest: file },
      { path: 'remote/w.bin', kind: 'reference', uri: 'https://models.example.com/w.bin', size: 1000, checksum: SHA },
      { path: 's3.bin', kind: 'reference', uri: 's3://bucket/key.bin', size: 7, etag: '"e"' },
    ]);
    await t.putObject(tree.bytes);
    const res = await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: tree.digest } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: { size: 1019, fileCount: 3 } });
    const store = Store.open(t.dataDir);
    try {
      expect(await fsck(store)).toMatchObject({ ok: true, missing: [], brokenRefs: [] });
      // gc marks the file, the tree and the version, and nothing for the references.
      expect(await collectGarbage(store, { dryRun: true })).toMatchObject({ liveObjects: 3, youngObjects: 0 });
    } finally {
      await store.close();
    }
  });

  it('refuses a tree whose reference is malformed, naming the field', async () => {
    // Bytes a client could upload by hand: canonical JSON of an entry buildTree would refuse.
    const bad = encodeObject('tree', { format: 1, entries: [{ kind: 'reference', path: 'x', size: 1, uri: 'ftp://h/x', etag: 'e' }] });
    const digest = await t.putObject(bad);
    expect(digest).toBe(hashBytes(bad));
    const res = await t.call('POST', `/collections/${C}/versions`, { json: { type: 'dataset', tree: digest } });
    expect(await expectError(res, 400, 'InvalidArgument')).toMatchObject({ argument: 'uri' });
    expect(await t.log(C)).toEqual([]);
  });
});
