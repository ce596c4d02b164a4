import { hashBytes } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { encodeFrameHeader } from './encodeFrameHeader.js';
import { readFrames } from './readFrames.js';

function frames(objects: Buffer[]): Buffer {
  return Buffer.concat(objects.flatMap((o) => [encodeFrameHeader(hashBytes(o), o.length), o]));
}

/** The bytes cut into pieces of `sizes()` bytes, handed over `perGroup` at a time (as requestBody does). */
async function* pieces(bytes: Buffer, sizes: () => number, perGroup = 1): AsyncGenerator<Buffer[]> {
  let group: Buffer[] = [];
  for (let off = 0; off < bytes.length; ) {
    const n = Math.max(1, sizes());
    group.push(bytes.subarray(off, off + n));
    off += n;
    if (group.length === perGroup) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

async function collect(source: AsyncIterable<Buffer[]>, max = 1 << 20) {
  const out: { digest: string; bytes: string }[] = [];
  for await (const f of readFrames(source, max)) out.push({ digest: f.digest, bytes: Buffer.concat(f.bytes).toString('hex') });
  return out;
}

describe('readFrames', () => {
  const objects = [Buffer.from('a'), Buffer.alloc(0), Buffer.alloc(5000, 7), Buffer.from('hello world')];
  const expected = objects.map((o) => ({ digest: hashBytes(o), bytes: o.toString('hex') }));

  it('yields the same frames however the stream is cut', async () => {
    const bytes = frames(objects);
    expect(await collect(pieces(bytes, () => bytes.length))).toEqual(expected);
    expect(await collect(pieces(bytes, () => 1))).toEqual(expected);
    expect(await collect(pieces(bytes, () => 37))).toEqual(expected);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 200;
    expect(await collect(pieces(bytes, random))).toEqual(expected);
    expect(await collect(pieces(bytes, random, 5))).toEqual(expected);
  });

  it('hands over views of the buffers the bytes arrived in, never copies', async () => {
    const bytes = frames(objects);
    for await (const f of readFrames(pieces(bytes, () => 1000, 3), 1 << 20)) {
      for (const part of f.bytes) expect(part.buffer).toBe(bytes.buffer);
    }
    const parts: number[] = [];
    for await (const f of readFrames(pieces(bytes, () => 1000), 1 << 20)) parts.push(f.bytes.length);
    // The 5000-byte body spans six 1000-byte pieces; the others lie inside one.
    expect(parts).toEqual([1, 1, 6, 1]);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await collect(pieces(Buffer.alloc(0), () => 1))).toEqual([]);
  });

  it('refuses a stream that ends inside a header or a body', async () => {
    const bytes = frames(objects);
    await expect(collect(pieces(bytes.subarray(0, 20), () => 7))).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'body' } });
    await expect(collect(pieces(bytes.subarray(0, bytes.length - 1), () => 64))).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('refuses a frame larger than the object limit before buffering it', async () => {
    const big = Buffer.alloc(100);
    await expect(collect(pieces(frames([big]), () => 1000), 99)).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'frame' } });
  });
});
