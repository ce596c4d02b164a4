import { describe, expect, it } from 'vitest';
import { ChunkBufferPool } from './ChunkBufferPool.js';

const KiB = 1024;

describe('ChunkBufferPool', () => {
  it('hands out views of exactly the asked size, held in power-of-two classes', () => {
    const pool = new ChunkBufferPool(64 * KiB, 2048 * KiB, 64 * 1024 * KiB);
    for (const [size, capacity] of [
      [64 * KiB, 64 * KiB],
      [64 * KiB + 1, 128 * KiB],
      [300 * KiB, 512 * KiB],
      [2048 * KiB, 2048 * KiB],
    ] as const) {
      const b = pool.take(size);
      expect(b.length).toBe(size);
      expect(b.buffer.byteLength).toBe(capacity);
      expect(pool.capacityOf(size)).toBe(capacity);
    }
    // Outside the pooled range: an ordinary buffer of the size itself.
    expect(pool.capacityOf(10)).toBe(10);
    expect(pool.take(10).buffer.byteLength).toBe(10);
    expect(pool.capacityOf(3000 * KiB)).toBe(3000 * KiB);
  });

  it('reuses a given-back buffer for the next request of its class only', () => {
    const pool = new ChunkBufferPool(64 * KiB, 2048 * KiB, 64 * 1024 * KiB);
    const a = pool.take(200 * KiB);
    pool.give(a);
    expect(pool.take(600 * KiB).buffer).not.toBe(a.buffer);
    const b = pool.take(130 * KiB);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(130 * KiB);
  });

  it('never hands one buffer out twice, even when it is given back twice', () => {
    const pool = new ChunkBufferPool(64 * KiB, 2048 * KiB, 64 * 1024 * KiB);
    const a = pool.take(100 * KiB);
    pool.give(a);
    pool.give(a);
    const first = pool.take(100 * KiB);
    const second = pool.take(100 * KiB);
    expect(first.buffer).toBe(a.buffer);
    expect(second.buffer).not.toBe(first.buffer);
  });

  it('ignores buffers it did not make, and keeps at most maxIdleBytes idle', () => {
    const pool = new ChunkBufferPool(64 * KiB, 2048 * KiB, 256 * KiB);
    const foreign = Buffer.allocUnsafeSlow(128 * KiB);
    pool.give(foreign);
    expect(pool.take(128 * KiB).buffer).not.toBe(foreign.buffer);
    const bufs = [pool.take(128 * KiB), pool.take(128 * KiB), pool.take(128 * KiB)];
    for (const b of bufs) pool.give(b);
    // Two fit in 256 KiB; the third went to the GC.
    const again = [pool.take(128 * KiB), pool.take(128 * KiB), pool.take(128 * KiB)].map((b) => b.buffer);
    expect(again.filter((b) => bufs.some((o) => o.buffer === b))).toHaveLength(2);
  });
});
