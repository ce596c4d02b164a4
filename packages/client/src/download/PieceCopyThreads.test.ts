import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestOfPieces, hashBytes, loadPieceHashing, type PieceHashing } from '@arca/store/pure';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PieceCopyThreads } from './PieceCopyThreads.js';

// CI builds the addon (`pnpm build` runs cargo): its absence here is a failure, not a skip.
// ARCA_BLAKE3=wasm asks for no native hashing at all, and so for no pieces.
const wasmOnly = process.env.ARCA_BLAKE3 === 'wasm';
const hashing = loadPieceHashing() as PieceHashing;
const KiB = 1024;

let dir: string;
let threads: PieceCopyThreads;
const fds: number[] = [];

function open(path: string, flags: string): number {
  const fd = openSync(path, flags);
  fds.push(fd);
  return fd;
}

function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed + (i >> 9)) & 255;
  return out;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arca-pieces-'));
  threads = new PieceCopyThreads(hashing, 2);
});

afterEach(async () => {
  await threads.stop();
  for (const fd of fds.splice(0)) closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(wasmOnly)('PieceCopyThreads', () => {
  it('copies two pieces gathered from several sources and hashes them into the digest of the whole', async () => {
    // A 300 KiB file in pieces of 256 KiB, its bytes spread over two source files at odd offsets.
    const content = bytes(300 * KiB, 7);
    writeFileSync(join(dir, 'a'), Buffer.concat([Buffer.alloc(13), content.subarray(0, 100_001)]));
    writeFileSync(join(dir, 'b'), Buffer.concat([Buffer.alloc(5), content.subarray(100_001)]));
    const a = open(join(dir, 'a'), 'r');
    const b = open(join(dir, 'b'), 'r');
    const out = open(join(dir, 'out'), 'w+');
    const piece = 256 * KiB;
    const first = threads.run({
      out,
      at: 0,
      size: piece,
      whole: false,
      segments: [
        { fd: a, offset: 13, size: 100_001, at: 0, write: true },
        { fd: b, offset: 5, size: piece - 100_001, at: 100_001, write: true },
      ],
    });
    const second = threads.run({
      out,
      at: piece,
      size: content.length - piece,
      whole: false,
      segments: [{ fd: b, offset: 5 + piece - 100_001, size: content.length - piece, at: piece, write: true }],
    });
    const values = [await first, await second];
    expect(values.every((v) => v instanceof Uint8Array && v.length === 32)).toBe(true);
    expect(digestOfPieces(hashing, content.length, piece, values as Uint8Array[])).toBe(hashBytes(content));
    expect(readFileSync(join(dir, 'out')).equals(content)).toBe(true);
  });

  it('hashes bytes already in the target without writing them, and gives the digest of a whole file', async () => {
    const content = bytes(200 * KiB, 3);
    // The target already holds the first 50 KiB (a resumed partial); the rest is zeros.
    writeFileSync(join(dir, 'out'), Buffer.concat([content.subarray(0, 50 * KiB), Buffer.alloc(150 * KiB)]));
    writeFileSync(join(dir, 'src'), content.subarray(50 * KiB));
    const out = open(join(dir, 'out'), 'r+');
    const src = open(join(dir, 'src'), 'r');
    const digest = await threads.run({
      out,
      at: 0,
      size: content.length,
      whole: true,
      segments: [
        { fd: out, offset: 0, size: 50 * KiB, at: 0, write: false },
        { fd: src, offset: 0, size: 150 * KiB, at: 50 * KiB, write: true },
      ],
    });
    expect(digest).toBe(hashBytes(content));
    expect(readFileSync(join(dir, 'out')).equals(content)).toBe(true);
  });

  it('answers null for a source that ends too soon, after writing what it read before it', async () => {
    writeFileSync(join(dir, 'src'), bytes(10 * KiB, 1));
    const src = open(join(dir, 'src'), 'r');
    const out = open(join(dir, 'out'), 'w+');
    const result = await threads.run({
      out,
      at: 0,
      size: 30 * KiB,
      whole: true,
      segments: [
        { fd: src, offset: 0, size: 10 * KiB, at: 0, write: true },
        { fd: src, offset: 10 * KiB, size: 20 * KiB, at: 10 * KiB, write: true },
      ],
    });
    expect(result).toBeNull();
    expect(readFileSync(join(dir, 'out')).equals(bytes(10 * KiB, 1))).toBe(true);
  });

  it('answers null once stopped', async () => {
    await threads.stop();
    const out = open(join(dir, 'out'), 'w+');
    expect(await threads.run({ out, at: 0, size: 0, whole: true, segments: [] })).toBeNull();
  });
});
