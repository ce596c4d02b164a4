import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashBytes } from '../digest/hashBytes.js';
import { chunkParams } from './chunkParams.js';
import { cutPoints } from './cutPoints.js';
import { scanFile, type ChunkRef } from './scanFile.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';

const MiB = 1024 * 1024;
const READ_SIZE = 16 * MiB; // scanFile's read buffer
const EMPTY = 'b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';

/** The chunk list scanFile must produce, computed from the whole buffer in memory. */
function expectedChunks(buf: Uint8Array): ChunkRef[] {
  let offset = 0;
  return cutPoints(buf).map((size) => {
    const digest = hashBytes(buf.subarray(offset, offset + size));
    offset += size;
    return { digest, size };
  });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arca-scanfile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileOf(bytes: Uint8Array, name = 'f.bin'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('scanFile', () => {
  it('gives one chunk of size 0 with the empty digest for an empty file', async () => {
    const scanned = await scanFile(await fileOf(new Uint8Array(0)));
    expect(scanned).toEqual({ size: 0, digest: EMPTY, chunks: [{ digest: EMPTY, size: 0 }] });
  });

  it('gives a one-chunk file the whole-file digest as its chunk digest', async () => {
    const bytes = pseudoRandomBytes(1000, 9);
    const scanned = await scanFile(await fileOf(bytes));
    expect(scanned).toEqual({ size: 1000, digest: hashBytes(bytes), chunks: [{ digest: hashBytes(bytes), size: 1000 }] });
  });

  // One 33 MiB + 1 source; each size reads a prefix of it, so the sizes around the
  // 16 MiB read-buffer boundaries see the same content as cutPoints does.
  const source = pseudoRandomBytes(33 * MiB + 1, 0xfeed);
  const { minSize, maxSize } = chunkParams;
  const sizes = [
    1,
    minSize,
    minSize + 1,
    maxSize - 1,
    maxSize,
    maxSize + 1,
    5 * MiB + 3,
    READ_SIZE - 1,
    READ_SIZE,
    READ_SIZE + 1,
    READ_SIZE + maxSize,
    2 * READ_SIZE - 1,
    2 * READ_SIZE,
    2 * READ_SIZE + 1,
    33 * MiB,
    33 * MiB + 1,
  ];

  it.each(sizes)('matches cutPoints and hashBytes on a %i-byte file', async (size) => {
    const bytes = source.subarray(0, size);
    const scanned = await scanFile(await fileOf(bytes));
    expect(scanned.size).toBe(size);
    expect(scanned.digest).toBe(hashBytes(bytes));
    expect(scanned.chunks).toEqual(expectedChunks(bytes));
  });

  it('matches cutPoints on data with no boundaries, where cuts land exactly on read-buffer edges', async () => {
    for (const size of [READ_SIZE, READ_SIZE + 1, 2 * READ_SIZE + maxSize - 1]) {
      const zeros = new Uint8Array(size);
      const scanned = await scanFile(await fileOf(zeros, `zeros-${size}`));
      expect(scanned.chunks).toEqual(expectedChunks(zeros));
      expect(scanned.chunks.slice(0, -1).every((c) => c.size === maxSize)).toBe(true);
      expect(scanned.digest).toBe(hashBytes(zeros));
    }
  });

  it('passes each chunk with its bytes and offset to onChunk, in order, awaiting it', async () => {
    const bytes = source.subarray(0, READ_SIZE + 3 * MiB + 5);
    const seen: { chunk: ChunkRef; copy: Buffer; offset: number }[] = [];
    let pending = 0;
    const scanned = await scanFile(await fileOf(bytes), async (chunk, chunkBytes, offset) => {
      expect(pending).toBe(0);
      pending++;
      const copy = Buffer.from(chunkBytes);
      await new Promise((r) => setTimeout(r, 1));
      seen.push({ chunk, copy, offset });
      pending--;
    });
    expect(seen.map((s) => s.chunk)).toEqual(scanned.chunks);
    let offset = 0;
    for (const s of seen) {
      expect(s.offset).toBe(offset);
      expect(s.copy.length).toBe(s.chunk.size);
      expect(s.copy.equals(Buffer.from(bytes.subarray(offset, offset + s.chunk.size)))).toBe(true);
      expect(hashBytes(s.copy)).toBe(s.chunk.digest);
      offset += s.chunk.size;
    }
    expect(offset).toBe(bytes.length);
  });

  it('rejects a missing file with ENOENT', async () => {
    await expect(scanFile(join(dir, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
