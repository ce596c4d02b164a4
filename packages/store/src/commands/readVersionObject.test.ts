import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { encodeObject } from '../objects/encodeObject.js';
import type { VersionObject } from '../objects/VersionObject.js';
import { rejectionOf } from '../testing/rejectionOf.js';
import { readVersionObject } from './readVersionObject.js';
import { useTempStore } from '../testing/useTempStore.js';

const t = useTempStore('arca-readversion-');

function versionObject(i: number): VersionObject {
  return {
    format: 1,
    collection: 'e/p/m',
    type: 'model',
    tree: 'b3:' + (i % 10).toString().repeat(64),
    parent: null,
    metadata: { i, nested: { list: [i, i + 1] } },
    description: `version ${i}`,
    producer: null,
    created: '2026-11-28T00:00:00.000Z',
  };
}

/** Stores `n` distinct version objects in one batch; returns their digests in order. */
async function storeVersions(n: number): Promise<string[]> {
  const frames = Array.from({ length: n }, (_, i) => {
    const bytes = encodeObject('version', versionObject(i));
    return { digest: hashBytes(bytes), bytes };
  });
  await t.store.objects.putBatch(frames);
  return frames.map((f) => f.digest);
}

describe('readVersionObject and its cache of decoded objects', () => {
  it('returns each digest its own object, on first reads, cached reads and after eviction (more digests than the cache holds)', async () => {
    const digests = await storeVersions(600);
    for (let round = 0; round < 3; round++) {
      // A different order each round, so that hits, misses and evictions interleave.
      const order = digests.map((d, i) => ({ d, i })).sort((a, b) => ((a.i * (round + 7)) % 601) - ((b.i * (round + 7)) % 601));
      for (const { d, i } of order) expect(await readVersionObject(t.store.objects, d)).toEqual(versionObject(i));
    }
  });

  it('hands out deeply frozen objects, so no caller can change what the next one reads', async () => {
    const [digest] = await storeVersions(1);
    const first = await readVersionObject(t.store.objects, digest!);
    expect(() => {
      (first.metadata as { i: number }).i = 99;
    }).toThrow(TypeError);
    expect(() => {
      ((first.metadata.nested as { list: number[] }).list).push(3);
    }).toThrow(TypeError);
    expect(await readVersionObject(t.store.objects, digest!)).toEqual(versionObject(0));
  });

  it('keeps nothing for a digest that is not a version object: every read fails the same way', async () => {
    const bytes = encodeObject('tree', { format: 1, entries: [] });
    const digest = hashBytes(bytes);
    await t.store.objects.put(digest, bytes);
    for (let i = 0; i < 2; i++) expect((await rejectionOf(readVersionObject(t.store.objects, digest))).code).toBe('CorruptObject');
  });

  it('keeps objects per object store: a store opened again reads (and verifies) from disk', async () => {
    const [digest] = await storeVersions(1);
    await readVersionObject(t.store.objects, digest!);
    await t.reopen(async () => {
      await rm(join(t.dataDir, 'objects'), { recursive: true, force: true });
      await rm(join(t.dataDir, 'refs.sqlite'), { force: true });
    });
    expect((await rejectionOf(readVersionObject(t.store.objects, digest!))).code).toBe('NotFound');
  });
});
